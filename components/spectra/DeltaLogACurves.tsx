"use client";
// ΔlogA along the half-diagonal, one curve per tap coloured by depth (plasma: early dark purple,
// deep yellow, as Park & Kim's Fig. 2a), deepest drawn first. Overlaid series differ by dash.
import { interpolatePlasma, line, scaleLinear } from "d3";
import { type Ref, useMemo, useState } from "react";
import { ChartAxes } from "./Axes";
import { type FreqAxis, MARGIN, SERIES_DASH, type SpectraSeries, extent, freqOf } from "./types";

export interface DeltaLogACurvesProps {
  series: readonly SpectraSeries[];
  /** "notebook": linspace(0,1) labelled 0.0π…1.0π (default, as the paper); "true": ω = 2k/min(h,w). */
  freqAxis?: FreqAxis;
  width?: number;
  height?: number;
  svgRef?: Ref<SVGSVGElement>;
  /** Fixed y range (e.g. shared across side-by-side panels); default: fitted to these series. */
  yDomain?: [number, number];
}

interface Hover {
  series: string;
  tap: string;
  freq: number;
  value: number;
  px: number;
  py: number;
}

export function DeltaLogACurves({ series, freqAxis = "notebook", width = 360, height = 300, svgRef, yDomain }: DeltaLogACurvesProps) {
  const [hover, setHover] = useState<Hover | null>(null);
  const { x, y } = useMemo(() => {
    const ys = series.flatMap((s) => s.taps.flatMap((t) => Array.from(t.diagonal.dlogA)));
    return {
      x: scaleLinear().domain([0, 1]).range([MARGIN.left, width - MARGIN.right]),
      y: scaleLinear().domain(yDomain ?? extent(ys)).nice().range([height - MARGIN.bottom, MARGIN.top]),
    };
  }, [series, width, height, yDomain]);

  const onMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const mx = ((e.clientX - box.left) * width) / box.width, my = ((e.clientY - box.top) * height) / box.height;
    let best: Hover | null = null, bestD = 12 * 12;
    for (const s of series) {
      for (const t of s.taps) {
        const f = freqOf(t, freqAxis);
        t.diagonal.dlogA.forEach((v, k) => {
          const px = x(f[k]), py = y(v), d = (px - mx) ** 2 + (py - my) ** 2;
          if (d < bestD) (bestD = d), (best = { series: s.label, tap: t.name, freq: f[k], value: v, px, py });
        });
      }
    }
    setHover(best);
  };

  const path = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
  return (
    <svg ref={svgRef} viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img"
      aria-label="Relative log amplitude along the half-diagonal" onPointerMove={onMove} onPointerLeave={() => setHover(null)}
      xmlns="http://www.w3.org/2000/svg" style={{ background: "white" }}>
      <ChartAxes x={x} y={y} width={width} height={height} xLabel={freqAxis === "notebook" ? "Frequency" : "Frequency ω (per axis)"}
        yLabel="ΔLog amplitude" xFormat={(v) => `${v.toFixed(1)}π`} />
      {series.map((s, si) => {
        const L = s.taps.length;
        return (
          <g key={s.id} data-series={s.id}>
            {[...s.taps].map((t, i) => ({ t, depth: L > 1 ? i / (L - 1) : 0 })).reverse().map(({ t, depth }) => {
              const f = freqOf(t, freqAxis);
              const pts = Array.from(t.diagonal.dlogA, (v, k) => [f[k], v] as [number, number]);
              return <path key={t.name} d={path(pts) ?? ""} fill="none" stroke={interpolatePlasma(0.9 * depth)} strokeWidth={1.4}
                strokeDasharray={SERIES_DASH[si % SERIES_DASH.length]} data-tap={t.name} />;
            })}
          </g>
        );
      })}
      {series.length > 1 && series.map((s, si) => (
        <g key={`legend-${s.id}`} transform={`translate(${MARGIN.left + 8},${MARGIN.top + 10 + 13 * si})`} fontSize={10}>
          <line x2={18} stroke="#374151" strokeDasharray={SERIES_DASH[si % SERIES_DASH.length]} />
          <text x={22} dy="0.32em" fill="#374151">{s.label}</text>
        </g>
      ))}
      {hover && (
        <g pointerEvents="none" fontSize={10}>
          <circle cx={hover.px} cy={hover.py} r={3} fill="none" stroke="#111827" />
          <text x={Math.min(hover.px + 6, width - 150)} y={Math.max(hover.py - 6, MARGIN.top + 8)} fill="#111827">
            {`${series.length > 1 ? `${hover.series} · ` : ""}${hover.tap} · ${hover.freq.toFixed(2)}π · ${hover.value.toFixed(3)}`}
          </text>
        </g>
      )}
    </svg>
  );
}
