"use client";
// High-frequency ΔlogA (at π) versus normalised depth, every model on the same axes; NCB as circles, NTB as
// squares (filled), the stem as a diamond.
import { line, scaleLinear } from "d3";
import type { TapSpectrum } from "@/lib/studio/spectra";
import { Axes, MARGIN } from "./Axes";
import type { CurvePanel } from "./CurvesChart";

const W = 640, H = 260;

function Marker({ s, x, y, color, bold }: { s: TapSpectrum; x: number; y: number; color: string; bold: boolean }) {
  const r = bold ? 5 : 3.5;
  const title = <title>{`${s.path} (${s.kind}) depth ${s.depth.toFixed(2)}: ΔlogA(π) = ${s.high.toFixed(3)}`}</title>;
  if (s.kind === "NTB") return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={color}>{title}</rect>;
  if (s.kind === "stem") return <path d={`M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`} fill="white" stroke={color}>{title}</path>;
  return <circle cx={x} cy={y} r={r} fill="white" stroke={color} strokeWidth={1.5}>{title}</circle>;
}

export function DepthChart({ panels, yDomain, layer }: { panels: CurvePanel[]; yDomain: [number, number]; layer: string | null }) {
  const x = scaleLinear().domain([0, 1]).range([MARGIN.left, W - MARGIN.right]);
  const y = scaleLinear().domain(yDomain).nice().range([H - MARGIN.bottom, MARGIN.top]);
  const path = line<TapSpectrum>().x((s) => x(s.depth)).y((s) => y(s.high));
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label="high-frequency ΔlogA versus depth">
        <Axes x={x} y={y} width={W} height={H} xLabel="normalised depth" yLabel="ΔlogA at π" xFormat={(v) => v.toFixed(1)} />
        {panels.map((p) => p.spectra && (
          <g key={p.key}>
            <path d={path(p.spectra) ?? ""} fill="none" stroke={p.color} strokeWidth={1.5} />
            {p.spectra.map((s) => <Marker key={s.path} s={s} x={x(s.depth)} y={y(s.high)} color={p.color} bold={s.path === layer} />)}
          </g>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-slate-600">
        {panels.map((p) => <span key={p.key}><span className="mr-1 inline-block h-2 w-3 align-middle" style={{ background: p.color }} />{p.label}</span>)}
        <span>○ NCB ■ NTB ◇ stem</span>
      </figcaption>
    </figure>
  );
}
