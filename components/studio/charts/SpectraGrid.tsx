"use client";
// 2-D centred log-amplitude spectra: one row per model, one column per stage end (plus the selected layer),
// every map on one shared colour scale.
import { interpolateInferno } from "d3";
import type { TapSpectrum } from "@/lib/studio/spectra";
import { sharedRange } from "@/lib/studio/spectra";
import type { CurvePanel } from "./CurvesChart";
import { MapCanvas } from "./MapCanvas";

function columnsOf(spectra: TapSpectrum[], layer: string | null): TapSpectrum[] {
  return spectra.filter((s) => s.stageEnd || s.path === layer);
}

export function SpectraGrid({ panels, layer }: { panels: CurvePanel[]; layer: string | null }) {
  const rows = panels.map((p) => ({ p, cols: p.spectra ? columnsOf(p.spectra, layer) : [] }));
  const domain = sharedRange(rows.flatMap((r) => r.cols.flatMap((s) => Array.from(s.map.data))));
  return (
    <div className="space-y-2">
      {rows.map(({ p, cols }) => (
        <div key={p.key} className="flex items-start gap-2">
          <div className="w-20 shrink-0 pt-1 text-[11px] font-medium sm:w-28" style={{ color: p.color }}>{p.label}</div>
          <div className="flex flex-1 flex-wrap gap-1.5">
            {cols.map((s) => (
              <figure key={s.path} className="w-[72px] min-w-0 sm:w-[92px]">
                <MapCanvas data={s.map.data} h={s.map.h} w={s.map.w} domain={domain} colormap={interpolateInferno}
                  label={`${p.label} ${s.path} spectrum`} />
                <figcaption className={`truncate text-[10px] ${s.path === layer ? "font-bold" : "text-slate-500"}`}>
                  {s.path.replace("features.", "f.")} · {s.kind}
                </figcaption>
              </figure>
            ))}
          </div>
        </div>
      ))}
      <p className="text-[11px] text-slate-500">
        Centred mean ln|F| (DC in the middle); one colour scale for all maps: {domain[0].toFixed(2)} … {domain[1].toFixed(2)}.
      </p>
    </div>
  );
}
