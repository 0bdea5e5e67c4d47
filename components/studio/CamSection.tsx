"use client";
// The CAM strip per model, mounted from components/cam: every block output of each model, for the URL's
// method and class. Gradient methods use the analysis worker's exact gradients (class null: each model's
// own top-1); EigenCAM needs activations only. Each strip carries a read-out of its maps as data
// attributes, so a shared link can be checked to show the same strip.
import { useMemo } from "react";
import { CamStrip, type CamTile } from "@/components/cam/CamStrip";
import { blockOutputs } from "@/lib/analysis/block-outputs";
import { CAM_LABELS, computeCam, type CamInput, type CamMethod as AnalysisCam } from "@/lib/analysis/cam";
import { CAM_METHODS, type CamMethod, type StudioState } from "@/lib/url-state/schema";
import type { GradState } from "./useStudioCams";

/** URL method ids are URL-safe; lib/analysis names Grad-CAM++ "gradcam++". */
export const toAnalysisCam = (m: CamMethod): AnalysisCam => (m === "gradcampp" ? "gradcam++" : m);

export interface CamLayer {
  path: string;
  kind: string;
  input: CamInput;
}

export function camTiles(method: CamMethod, layers: readonly CamLayer[]): CamTile[] {
  return blockOutputs(layers, (l) => l.kind)
    .filter((l) => l.input.dims.length === 4)
    .map((l) => {
      const r = computeCam(toAnalysisCam(method), l.input);
      return { name: l.path.replace("features.", "f."), kind: l.kind, cam: r.maps, h: r.height, w: r.width };
    });
}

/** Mean of each map and the flat index of its maximum: a compact, comparable read-out of the strip. */
export function tileReadout(tiles: readonly CamTile[]): string {
  return tiles.map((t) => {
    let sum = 0, best = 0;
    for (let i = 0; i < t.cam.length; i++) (sum += t.cam[i]), t.cam[i] > t.cam[best] && (best = i);
    return `${(sum / t.cam.length).toFixed(4)}@${best}`;
  }).join(" ");
}

function Strip({ i, label, color, grad, method, layer, onLayer }: {
  i: number; label: string; color: string; grad: GradState | undefined; method: CamMethod; layer: string | null; onLayer: (l: string) => void;
}) {
  const done = grad?.status === "done" ? grad.result : null;
  const tiles = useMemo(
    () => (done ? camTiles(method, done.taps.map((t) => ({ path: t.info.path, kind: t.info.kind, input: { activation: t.activation, gradient: t.gradient, dims: t.dims } }))) : []),
    [done, method],
  );
  return (
    <div data-testid={`cam-strip-${i}`} data-method={method} data-class={done?.classIndex ?? ""} data-readout={done ? tileReadout(tiles) : ""}>
      <p className="text-[11px] font-medium" style={{ color }}>
        {label}{done && <span className="font-normal text-slate-500"> · class {done.classIndex} · gradients {done.ms.grad.toFixed(0)} ms</span>}
      </p>
      {done ? (
        <CamStrip tiles={tiles} size={56} selected={layer?.replace("features.", "f.")} onSelect={(n) => onLayer(n.replace(/^f\./, "features."))} />
      ) : (
        <p className="text-[11px] text-slate-500">{grad?.status === "error" ? `failed: ${grad.message}` : "computing activations and gradients…"}</p>
      )}
    </div>
  );
}

export function CamSection({ state, update, items, average }: {
  state: StudioState; update: (p: Partial<StudioState>) => void; average: boolean;
  items: { key: string; label: string; color: string; grad: GradState | undefined }[];
}) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <label className="flex items-center gap-1">method
          <select value={state.cam} onChange={(e) => update({ cam: e.target.value as CamMethod })} data-testid="studio-cam" className="rounded border border-slate-300 bg-white px-1 py-0.5">
            {CAM_METHODS.map((m) => <option key={m} value={m}>{CAM_LABELS[toAnalysisCam(m)]}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1">class
          <input type="number" min={0} max={21840} value={state.cls ?? ""} placeholder="top-1" data-testid="studio-cls"
            onChange={(e) => { const v = e.target.value; const n = Number(v); update({ cls: v === "" ? null : Number.isInteger(n) && n >= 0 && n <= 21840 ? n : state.cls }); }}
            className="w-20 rounded border border-slate-300 px-1 py-0.5" />
        </label>
      </div>
      {average ? (
        <p className="text-xs text-slate-600" data-testid="cam-needs-image">A CAM explains one image: pick a gallery photo or your own to see the strip.</p>
      ) : (
        <>
          {items.map((it, i) => <Strip key={it.key} i={i} label={it.label} color={it.color} grad={it.grad} method={state.cam} layer={state.layer} onLayer={(l) => update({ layer: l })} />)}
          <p className="text-[11px] text-slate-500">
            {CAM_LABELS[toAnalysisCam(state.cam)]} of every block output{state.cam === "eigencam" ? " (first principal component; class-independent)" : `, class ${state.cls ?? "top-1 of each model"}, exact gradients`}.
            {" "}Class indices beyond a model&apos;s classes fall back to its top-1. Untrained weights: the maps show architecture, not learned evidence.
          </p>
        </>
      )}
    </div>
  );
}
