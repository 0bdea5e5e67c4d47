"use client";
// ΔlogA along the half-diagonal (0…π), one line per block output. Side by side: one panel per model, lines
// coloured by depth, all panels on the same y axis (components/spectra's DeltaLogACurves fits its y axis to
// its own series, so it cannot share one across panels). Overlay: one panel, coloured by model.
import { interpolateViridis, line, scaleLinear } from "d3";
import type { TapSpectrum } from "@/lib/studio/spectra";
import { ChartAxes } from "@/components/spectra/Axes";
import { MARGIN } from "@/components/spectra/types";

export interface CurvePanel {
  key: string;
  label: string;
  color: string;
  spectra: TapSpectrum[] | null;
}

const W = 320, H = 220;

function Panel({ panels, yDomain, overlay, layer, title }: { panels: CurvePanel[]; yDomain: [number, number]; overlay: boolean; layer: string | null; title: string }) {
  const x = scaleLinear().domain([0, 1]).range([MARGIN.left, W - MARGIN.right]);
  const y = scaleLinear().domain(yDomain).nice().range([H - MARGIN.bottom, MARGIN.top]);
  const path = line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1]));
  return (
    <figure className="min-w-0">
      <figcaption className="truncate text-xs font-medium text-slate-700">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={`ΔlogA curves: ${title}`}>
        <ChartAxes x={x} y={y} width={W} height={H} xLabel="frequency (π)" yLabel="ΔlogA" xFormat={(v) => `${v.toFixed(1)}π`} />
        {panels.flatMap((p) =>
          (p.spectra ?? []).map((s) => (
            <path key={`${p.key}-${s.path}`} d={path(s.freq.map((f, i) => [f, s.dlogA[i]])) ?? ""} fill="none"
              stroke={overlay ? p.color : interpolateViridis(0.05 + 0.9 * s.depth)}
              strokeOpacity={overlay ? 0.25 + 0.75 * s.depth : 0.9}
              strokeWidth={s.path === layer ? 2.5 : 1}>
              <title>{`${p.label} ${s.path} (${s.kind}) ΔlogA(π) = ${s.high.toFixed(3)}`}</title>
            </path>
          )),
        )}
      </svg>
    </figure>
  );
}

export function CurvesChart({ panels, yDomain, overlay, layer }: { panels: CurvePanel[]; yDomain: [number, number]; overlay: boolean; layer: string | null }) {
  if (overlay) return <Panel panels={panels} yDomain={yDomain} overlay layer={layer} title={panels.map((p) => p.label).join(" vs ")} />;
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {panels.map((p) => (
        <Panel key={p.key} panels={[p]} yDomain={yDomain} overlay={false} layer={layer} title={p.label} />
      ))}
      <p className="col-span-full text-[11px] text-slate-500">
        Colour = depth (dark: stem, yellow: last block). Shared y axis across panels.
      </p>
    </div>
  );
}
