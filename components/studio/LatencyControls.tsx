"use client";
// Backend preference, number of timed runs, the measure button and the progress bar.
import type { BackendInfo } from "@/lib/runtime/protocol";
import type { StudioState } from "@/lib/url-state/schema";
import type { StudioProgress } from "./useStudioAnalysis";
import { WARMUP_RUNS } from "./useStudioAnalysis";

export function ProgressBar({ progress }: { progress: StudioProgress | null }) {
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <div className="text-[11px] text-slate-600" data-testid="studio-progress" data-done={progress.done} data-total={progress.total}>
      <div className="flex justify-between gap-2">
        <span>{progress.label}</span>
        <span className="flex items-center gap-2">
          {pct === null ? "" : `${pct}%`}
          {progress.cancel && <button type="button" onClick={progress.cancel} data-testid="studio-cancel" className="text-rose-700 underline">cancel</button>}
        </span>
      </div>
      <div className="h-1.5 overflow-hidden rounded bg-slate-200">
        <div className={`h-full bg-indigo-500 ${pct === null ? "w-1/3 animate-pulse" : ""}`} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function LatencyControls({ state, update, backend, measuring, canMeasure, onMeasure }: {
  state: StudioState; update: (p: Partial<StudioState>) => void; backend: BackendInfo | null;
  measuring: boolean; canMeasure: boolean; onMeasure: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs">
      <label className="flex items-center gap-1">backend
        <select value={state.backend} data-testid="studio-backend" onChange={(e) => update({ backend: e.target.value as StudioState["backend"] })}
          className="rounded border border-slate-300 bg-white px-1 py-0.5">
          <option value="auto">auto</option><option value="webgpu">WebGPU</option><option value="wasm">WASM</option>
        </select>
      </label>
      <label className="flex items-center gap-1">timed runs
        <input type="number" min={1} max={50} value={state.runs} data-testid="studio-runs"
          onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 1 && n <= 50) update({ runs: n }); }}
          className="w-14 rounded border border-slate-300 px-1 py-0.5" />
      </label>
      <button type="button" disabled={measuring || !canMeasure} onClick={onMeasure} data-testid="studio-measure"
        className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-40">
        {measuring ? "measuring…" : "Measure latency"}
      </button>
      <span className="text-slate-500" data-testid="studio-backend-info">
        {backend ? `${backend.backend === "webgpu" ? "WebGPU" : `WASM${backend.threads ? `, ${backend.threads} threads` : ""}`} — ${backend.reason}` : "starting worker…"}
        {` · ${WARMUP_RUNS} warm-up runs, then the median of ${state.runs}`}
      </span>
    </div>
  );
}
