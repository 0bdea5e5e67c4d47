"use client";
// The CAM strip per model, mounted from components/cam. EigenCAM needs only activations, so it is computed
// here from the taps the studio already has; the gradient methods need gradient runs, which the lab's worker
// does not offer yet, so for them the section says so instead of drawing anything.
import { useMemo } from "react";
import { CamStrip, type CamTile } from "@/components/cam/CamStrip";
import { computeCam } from "@/lib/analysis/cam";
import type { TapInput } from "@/lib/studio/spectra";
import { CAM_METHODS, type CamMethod, type StudioState } from "@/lib/url-state/schema";

const LABEL: Record<CamMethod, string> = { gradcam: "Grad-CAM", gradcampp: "Grad-CAM++", hirescam: "HiResCAM", layercam: "LayerCAM", eigencam: "EigenCAM" };

export function eigenTiles(taps: readonly TapInput[]): CamTile[] {
  return taps
    .filter((t) => t.info.layout === "NCHW" && t.dims.length === 4)
    .map((t) => {
      const r = computeCam("eigencam", { activation: t.data, dims: t.dims });
      return { name: t.info.path.replace("features.", "f."), kind: t.info.kind, cam: r.maps, h: r.height, w: r.width };
    });
}

function Strip({ label, color, taps, layer, onLayer }: { label: string; color: string; taps: readonly TapInput[]; layer: string | null; onLayer: (l: string) => void }) {
  const tiles = useMemo(() => eigenTiles(taps), [taps]);
  return (
    <div>
      <p className="text-[11px] font-medium" style={{ color }}>{label}</p>
      <CamStrip tiles={tiles} size={56} selected={layer?.replace("features.", "f.")} onSelect={(n) => onLayer(n.replace(/^f\./, "features."))} />
    </div>
  );
}

export function CamSection({ state, update, items }: {
  state: StudioState; update: (p: Partial<StudioState>) => void;
  items: { key: string; label: string; color: string; taps: readonly TapInput[] | null }[];
}) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <label className="flex items-center gap-1">method
          <select value={state.cam} onChange={(e) => update({ cam: e.target.value as CamMethod })} data-testid="studio-cam" className="rounded border border-slate-300 bg-white px-1 py-0.5">
            {CAM_METHODS.map((m) => <option key={m} value={m}>{LABEL[m]}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1">class
          <input type="number" min={0} max={21840} value={state.cls ?? ""} placeholder="top-1" data-testid="studio-cls"
            onChange={(e) => { const v = e.target.value; const n = Number(v); update({ cls: v === "" ? null : Number.isInteger(n) && n >= 0 && n <= 21840 ? n : state.cls }); }}
            className="w-20 rounded border border-slate-300 px-1 py-0.5" />
        </label>
      </div>
      {state.cam !== "eigencam" ? (
        <p className="text-xs text-slate-600" data-testid="cam-needs-gradients">
          {LABEL[state.cam]} (class {state.cls ?? "top-1"}) needs gradient runs, which the lab&apos;s worker does not offer yet.{" "}
          <button type="button" className="text-indigo-700 underline" onClick={() => update({ cam: "eigencam" })}>Show EigenCAM</button> (gradient-free) instead.
        </p>
      ) : (
        <>
          {items.map((it) => it.taps && <Strip key={it.key} label={it.label} color={it.color} taps={it.taps} layer={state.layer} onLayer={(l) => update({ layer: l })} />)}
          <p className="text-[11px] text-slate-500">EigenCAM of every block output (first principal component of the activations; class-independent). Untrained weights: the maps show architecture, not learned evidence.</p>
        </>
      )}
    </div>
  );
}
