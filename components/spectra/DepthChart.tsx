"use client";
// High-frequency ΔlogA (or feature-map variance) versus normalised depth, as Park & Kim's Fig. 8/9:
// bands span the step into each NCB / NTB block (axvspan(p − 1/(L−1), p)), points coloured by depth.
import { interpolatePlasma, line, scaleLinear, symbol, symbolCircle, symbolDiamond, symbolTriangle } from "d3";
import { type Ref, useMemo, useState } from "react";
import { depthProfile, type DepthPoint } from "@/lib/analysis/profile";
import { ChartAxes } from "./Axes";
import { KIND_BAND, MARGIN, SERIES_DASH, type SpectraSeries, paddedExtent } from "./types";

export interface DepthChartProps {
  series: readonly SpectraSeries[];
  metric?: "highFrequency" | "variance";
  width?: number;
  height?: number;
  svgRef?: Ref<SVGSVGElement>;
}

const SHAPE: Record<string, Parameters<typeof symbol>[0]> = { NTB: symbolDiamond, stem: symbolTriangle };
/** The band legend sits in a strip above the plot, where no point can fall under it (inside, the deepest blocks'
 *  points, top right in both metrics, ran under it). */
const LEGEND_STRIP = 16;
const M = { ...MARGIN, top: MARGIN.top + LEGEND_STRIP };

export function DepthChart({ series, metric = "highFrequency", width = 360, height = 260, svgRef }: DepthChartProps) {
  const [hover, setHover] = useState<{ label: string; p: DepthPoint } | null>(null);
  const profiles = useMemo(() => series.map((s) => ({ s, points: depthProfile(s.taps) })), [series]);
  const value = (p: DepthPoint) => (metric === "variance" ? p.variance : p.highFrequency);
  const x = scaleLinear().domain([0, 1]).range([M.left, width - M.right]);
  const y = scaleLinear().domain(paddedExtent(profiles.flatMap((pr) => pr.points.map(value)))).nice().range([height - M.bottom, M.top]);
  const bands = profiles[0]?.points ?? [];
  const L = bands.length;
  const path = line<DepthPoint>().defined((p) => Number.isFinite(value(p))).x((p) => x(p.depth)).y((p) => y(value(p)));
  return (
    <svg ref={svgRef} viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" xmlns="http://www.w3.org/2000/svg"
      aria-label={metric === "variance" ? "Feature-map variance versus depth" : "High-frequency ΔlogA versus depth"} style={{ background: "white" }}>
      {L > 1 && bands.map((p) => KIND_BAND[p.kind] && p.index > 0 && (
        <rect key={`band-${p.name}`} x={x(p.depth - 1 / (L - 1))} width={x(p.depth) - x(p.depth - 1 / (L - 1))} y={M.top}
          height={height - M.bottom - M.top} fill={KIND_BAND[p.kind]} opacity={0.6} data-kind={p.kind} />
      ))}
      <ChartAxes x={x} y={y} width={width} height={height} top={M.top} xLabel="Normalized depth"
        yLabel={metric === "variance" ? "Feature map variance" : "ΔLog amplitude (high freq.)"} />
      {profiles.map(({ s, points }, si) => (
        <g key={s.id} data-series={s.id}>
          <path d={path(points) ?? ""} fill="none" stroke="#6b7280" strokeWidth={1} strokeDasharray={SERIES_DASH[si % SERIES_DASH.length]} />
          {points.filter((p) => Number.isFinite(value(p))).map((p) => (
            <path key={p.name} transform={`translate(${x(p.depth)},${y(value(p))})`} d={symbol(SHAPE[p.kind] ?? symbolCircle, 36)() ?? ""}
              fill={interpolatePlasma(0.9 * p.depth)} stroke={si ? "#111827" : "none"} strokeWidth={0.6}
              onPointerEnter={() => setHover({ label: s.label, p })} onPointerLeave={() => setHover(null)} />
          ))}
        </g>
      ))}
      <g transform={`translate(${width - M.right - 92},${M.top - LEGEND_STRIP + 1})`} fontSize={10} fill="#374151" data-legend="bands">
        {Object.entries(KIND_BAND).map(([kind, color], i) => (
          <g key={kind} transform={`translate(${46 * i},0)`}>
            <rect width={10} height={10} fill={color} />
            <text x={13} y={9}>{kind}</text>
          </g>
        ))}
      </g>
      {hover && (
        <text x={M.left + 6} y={M.top + 12} fontSize={10} fill="#111827" pointerEvents="none">
          {`${series.length > 1 ? `${hover.label} · ` : ""}${hover.p.name} (${hover.p.kind}) · depth ${hover.p.depth.toFixed(2)} · ${value(hover.p).toFixed(3)}`}
        </text>
      )}
    </svg>
  );
}
