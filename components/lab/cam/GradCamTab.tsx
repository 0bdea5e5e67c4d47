"use client";
// The Grad-CAM tab: exact gradients from the analysis worker (one run gives every tap), any of five
// CAM methods, a target class (default top-1), a layer picker, the heat map over the input with an
// opacity slider, and the strip of CAMs across every block.
import { useMemo, useState } from "react";
import { CamOverlay } from "@/components/cam/CamOverlay";
import { CamStrip, type CamTile } from "@/components/cam/CamStrip";
import { CAM_LABELS, CAM_METHODS, type CamMethod, computeCam } from "@/lib/analysis/cam";
import { labSource } from "@/lib/runtime/analysis-source";
import { labelFor, softmaxTopK } from "@/lib/runtime/labels";
import type { LabViewProps } from "../view-types";
import { blockOutputs } from "@/lib/analysis/block-outputs";
import { useLabAnalysis } from "../spectra/useLabAnalysis";
import { tensorToRgba } from "./input-image";
import { useGradRun } from "./useGradRun";

const short = (p: string) => p.replace("features.", "f.");

export function GradCamTab({ summary, result, names }: LabViewProps) {
  const model = useLabAnalysis(summary, result);
  const ready = model.status === "ready" ? model.ready : null;
  const [method, setMethod] = useState<CamMethod>("gradcam");
  const [cls, setCls] = useState<number | null>(null);
  const [layer, setLayer] = useState<string | null>(null);
  const [opacity, setOpacity] = useState(0.5);
  const grad = useGradRun(ready, result.runId, cls, summary.resolution);
  const top5 = useMemo(() => softmaxTopK(result.logits, 5), [result.logits]);

  const done = grad.status === "done" ? grad.result : null;
  const taps = done?.taps ?? [];
  const blocks = blockOutputs(taps, (t) => t.info.kind);
  const chosen = taps.find((t) => t.info.path === layer) ?? blocks[blocks.length - 1] ?? null;
  const S = summary.resolution;
  const pre = labSource().load?.entry.preprocess;
  const image = useMemo(() => (done && pre ? tensorToRgba(done.input, S, pre.mean, pre.std) : null), [done, pre, S]);
  const cam = useMemo(() => (chosen ? computeCam(method, { activation: chosen.activation, gradient: chosen.gradient, dims: chosen.dims }, S, S).maps : null), [chosen, method, S]);
  const tiles: CamTile[] = useMemo(
    () => blocks.map((t) => {
      const r = computeCam(method, { activation: t.activation, gradient: t.gradient, dims: t.dims });
      return { name: short(t.info.path), kind: t.info.kind, cam: r.maps, h: r.height, w: r.width };
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [done, method],
  );

  return (
    <div className="space-y-3" data-testid="gradcam-tab">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-slate-700">
        <label className="flex items-center gap-1">method
          <select value={method} onChange={(e) => setMethod(e.target.value as CamMethod)} data-testid="cam-method" className="rounded border border-slate-300 bg-white px-1 py-0.5">
            {CAM_METHODS.map((m) => <option key={m} value={m}>{CAM_LABELS[m]}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1">class
          <select value={cls === null ? "top" : top5.some((p) => p.index === cls) ? String(cls) : "other"} data-testid="cam-class"
            onChange={(e) => setCls(e.target.value === "top" ? null : e.target.value === "other" ? cls ?? 0 : Number(e.target.value))}
            className="max-w-[14rem] rounded border border-slate-300 bg-white px-1 py-0.5">
            <option value="top">top-1 ({labelFor(names, top5[0].index)})</option>
            {top5.map((p) => <option key={p.index} value={p.index}>#{p.index} {labelFor(names, p.index)}</option>)}
            <option value="other">other…</option>
          </select>
          <input type="number" min={0} max={summary.numClasses - 1} value={cls ?? ""} placeholder="index" aria-label="class index"
            onChange={(e) => { const n = Number(e.target.value); if (e.target.value === "") setCls(null); else if (Number.isInteger(n) && n >= 0 && n < summary.numClasses) setCls(n); }}
            className="w-16 rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <label className="flex items-center gap-1">layer
          <select value={chosen?.info.path ?? ""} onChange={(e) => setLayer(e.target.value)} data-testid="cam-layer" className="max-w-[12rem] rounded border border-slate-300 bg-white px-1 py-0.5">
            {taps.map((t) => <option key={t.info.path} value={t.info.path}>{t.info.path} · {t.info.kind} · {t.dims[2]}×{t.dims[3]}</option>)}
          </select>
        </label>
      </div>
      {model.status === "error" && <p className="rounded-md bg-rose-50 p-2 text-xs text-rose-900">Analysis worker: {model.message}</p>}
      {grad.status === "error" && <p className="rounded-md bg-rose-50 p-2 text-xs text-rose-900" data-testid="cam-error">Gradient run failed: {grad.message}</p>}
      {!done && grad.status !== "error" && <p className="text-xs text-slate-500">Computing exact gradients of every tap in the analysis worker…</p>}
      {done && image && (
        <>
          <div className="flex flex-wrap items-start gap-4">
            <div data-testid="cam-overlay"><CamOverlay image={image} cam={cam} opacity={opacity} onOpacityChange={setOpacity} size={288} label={CAM_LABELS[method]} /></div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600" data-testid="cam-info">
              <dt>target</dt><dd>#{done.classIndex} {labelFor(names, done.classIndex)}{cls === null ? " (top-1)" : ""}</dd>
              <dt>layer</dt><dd>{chosen?.info.path} ({chosen?.info.kind}, {chosen?.dims.slice(1).join("×")})</dd>
              <dt>gradient run</dt><dd data-testid="cam-timing">{Math.round(done.ms.grad)} ms for all {taps.length} taps (forward alone {Math.round(done.ms.forward)} ms, ×{(done.ms.grad / done.ms.forward).toFixed(2)})</dd>
              <dt>graph</dt><dd>compiled once in {Math.round(done.ms.compile)} ms; the class is a seed input, no recompile per class</dd>
              {summary.untrained && <><dt /><dd className="text-amber-700">Untrained weights: maps show the architecture, not learned evidence.</dd></>}
            </dl>
          </div>
          <div>
            <p className="mb-1 text-xs font-medium text-slate-700">{CAM_LABELS[method]} at every block (click to select)</p>
            <div data-testid="cam-strip"><CamStrip tiles={tiles} size={56} selected={chosen ? short(chosen.info.path) : undefined} onSelect={(n) => setLayer(n.replace(/^f\./, "features."))} /></div>
          </div>
        </>
      )}
    </div>
  );
}
