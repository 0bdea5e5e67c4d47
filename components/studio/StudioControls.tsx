"use client";
// View options that live in the URL: input size, layer and channel, charts shown, scales, backend and runs.
import { CHART_IDS, type ChartId, type StudioState } from "@/lib/url-state/schema";

const CHART_LABEL: Record<ChartId, string> = {
  curves: "ΔlogA curves", depth: "ΔlogA vs depth", grid: "2-D spectra", cam: "CAM strip", cost: "params · MACs · accuracy",
  latency: "latency", scatter: "latency/accuracy",
};
export const RESOLUTIONS = [64, 96, 128, 160, 224];

export function StudioControls({ state, layers, update }: { state: StudioState; layers: string[]; update: (p: Partial<StudioState>) => void }) {
  const toggle = (c: ChartId) =>
    update({ charts: state.charts.includes(c) ? state.charts.filter((x) => x !== c) : CHART_IDS.filter((x) => x === c || state.charts.includes(x)) });
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs">
      <label className="flex items-center gap-1">input
        <select value={state.res} onChange={(e) => update({ res: Number(e.target.value) })} data-testid="studio-res" className="rounded border border-slate-300 bg-white px-1 py-0.5">
          {[...new Set([...RESOLUTIONS, state.res])].sort((a, b) => a - b).map((r) => <option key={r} value={r}>{r}²</option>)}
        </select>
      </label>
      <label className="flex items-center gap-1">layer
        <select value={state.layer ?? ""} onChange={(e) => update({ layer: e.target.value || null })} data-testid="studio-layer" className="max-w-40 rounded border border-slate-300 bg-white px-1 py-0.5">
          <option value="">(none)</option>
          {[...new Set([...layers, ...(state.layer ? [state.layer] : [])])].map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      </label>
      <label className="flex items-center gap-1">channel
        <input type="number" min={0} max={4095} value={state.channel ?? 0} data-testid="studio-channel"
          onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 0 && n <= 4095) update({ channel: n }); }}
          className="w-16 rounded border border-slate-300 px-1 py-0.5" />
      </label>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={state.overlay} onChange={(e) => update({ overlay: e.target.checked })} data-testid="studio-overlay" />overlay curves
      </label>
      <label className="flex items-center gap-1">latency axis
        <select value={state.scale} onChange={(e) => update({ scale: e.target.value === "log" ? "log" : "lin" })} data-testid="studio-scale" className="rounded border border-slate-300 bg-white px-1 py-0.5">
          <option value="lin">linear</option><option value="log">log</option>
        </select>
      </label>
      <span className="flex flex-wrap items-center gap-1" role="group" aria-label="charts">
        {CHART_IDS.map((c) => (
          <button key={c} type="button" onClick={() => toggle(c)} data-testid={`chart-toggle-${c}`} aria-pressed={state.charts.includes(c)}
            className={`rounded-full border px-2 py-0.5 ${state.charts.includes(c) ? "border-slate-700 bg-slate-700 text-white" : "border-slate-300 text-slate-600"}`}>
            {CHART_LABEL[c]}
          </button>
        ))}
      </span>
    </div>
  );
}
