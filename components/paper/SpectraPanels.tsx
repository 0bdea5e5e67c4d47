"use client";
// Fig. 5(a) from components/spectra: ΔlogA of each stage's last feature map, one chart per model on one y axis
// (or overlaid), and high-frequency ΔlogA against normalised depth for the three on one chart (NCB/NTB bands from
// Next-ViT, the first series). Each chart exports PNG/SVG/CSV.
import { useRef } from "react";
import { DeltaLogACurves, DepthChart, ExportMenu } from "@/components/spectra";
import { SERIES_DASH } from "@/components/spectra/types";
import { depthCsv, stageCurvesCsv, stageEnds, stageEndHigh, type FigureSeries } from "@/lib/paper/figure";
import { sharedRange } from "@/lib/studio/spectra";

const fit = "[&>svg]:h-auto [&>svg]:w-full [&>svg]:max-w-full";
const toChart = (s: FigureSeries, only = false) => ({ id: s.id, label: s.label, taps: (only ? stageEnds(s.spectra) : s.spectra).map((t) => t.spectrum) });

function CurveChart({ series, yDomain, name }: { series: FigureSeries[]; yDomain: [number, number]; name: string }) {
  const ref = useRef<SVGSVGElement>(null);
  return (
    <figure className="min-w-0 space-y-1" data-testid={`paper-curves-${name}`}>
      <figcaption className="flex items-center justify-between gap-2 text-xs font-medium">
        <span className="truncate">{series.map((s) => s.label).join(" · ")}</span>
        <ExportMenu svgRef={ref} name={`fig5a-stages-${name}`} csv={() => stageCurvesCsv(series)} />
      </figcaption>
      <div className={fit}><DeltaLogACurves series={series.map((s) => toChart(s, true))} yDomain={yDomain} svgRef={ref} width={360} height={280} /></div>
    </figure>
  );
}

export function StageCurves({ series, overlay }: { series: FigureSeries[]; overlay: boolean }) {
  const yDomain = sharedRange(series.flatMap((s) => stageEnds(s.spectra).flatMap((t) => t.dlogA)));
  return (
    <div data-testid="paper-curves" data-ymin={yDomain[0].toFixed(4)} data-ymax={yDomain[1].toFixed(4)}>
      {overlay ? (
        <div className="max-w-[640px]"><CurveChart series={series} yDomain={yDomain} name="all" /></div>
      ) : (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          {series.map((s) => <CurveChart key={s.id} series={[s]} yDomain={yDomain} name={s.id} />)}
        </div>
      )}
      <p className="mt-1 text-[11px] text-slate-600">
        Colour = stage (dark: stage 1, yellow: stage 4); one y axis for every panel. Mean high-frequency ΔlogA over the
        four stage ends:{" "}
        {series.map((s, i) => {
          const h = stageEndHigh(s.spectra);
          return <span key={s.id} data-testid={`paper-high-${s.id}`} data-value={h ?? ""}>{i ? "; " : ""}{s.label} {h === null ? "–" : h.toFixed(3)}</span>;
        })}
        .
      </p>
    </div>
  );
}

export function DepthPanel({ series }: { series: FigureSeries[] }) {
  const ref = useRef<SVGSVGElement>(null);
  return (
    <figure data-testid="paper-depth" className="space-y-1">
      <div className="flex justify-end"><ExportMenu svgRef={ref} name="fig5a-depth" csv={() => depthCsv(series)} /></div>
      <div className={`${fit} max-w-[720px]`}><DepthChart series={series.map((s) => toChart(s))} svgRef={ref} width={640} height={300} /></div>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-slate-600">
        {series.map((s, i) => (
          <span key={s.id} className="inline-flex items-center gap-1">
            <svg width="26" height="8" aria-hidden><line x1="0" x2="26" y1="4" y2="4" stroke="#374151" strokeWidth="1.5" strokeDasharray={SERIES_DASH[i % SERIES_DASH.length]} /></svg>
            {s.label}
          </span>
        ))}
        <span>bands: blue NCB, grey NTB (Next-ViT-S)</span>
      </figcaption>
    </figure>
  );
}
