// Minimal SVG axes rendered by React (no d3 DOM mutation), shared by the studio charts.
import type { ScaleLinear, ScaleLogarithmic } from "d3";

type Scale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

export const MARGIN = { top: 10, right: 12, bottom: 34, left: 46 };

export function Axes({ x, y, width, height, xLabel, yLabel, xTicks = 5, yTicks = 5, xFormat, yFormat, xAxisAt }: {
  x: Scale; y: Scale; width: number; height: number; xLabel: string; yLabel: string;
  xTicks?: number; yTicks?: number; xFormat?: (v: number) => string; yFormat?: (v: number) => string;
  /** Where the x axis sits; defaults to the bottom of the y range. */
  xAxisAt?: number;
}) {
  const fx = xFormat ?? x.tickFormat(xTicks);
  const fy = yFormat ?? y.tickFormat(yTicks);
  const [yBottom] = y.range();
  const y0 = xAxisAt ?? yBottom;
  const [x0] = x.range();
  return (
    <g className="text-[10px]" fill="currentColor">
      {y.ticks(yTicks).map((t) => (
        <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
          <line x1={x0} x2={width - MARGIN.right} stroke="#e2e8f0" />
          <text x={x0 - 4} dy="0.32em" textAnchor="end" fill="#64748b">{fy(t)}</text>
        </g>
      ))}
      {x.ticks(xTicks).map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
          <line y1={y0} y2={y0 + 4} stroke="#94a3b8" />
          <text y={y0 + 14} textAnchor="middle" fill="#64748b">{fx(t)}</text>
        </g>
      ))}
      <line x1={x0} x2={width - MARGIN.right} y1={y0} y2={y0} stroke="#94a3b8" />
      <text x={(x0 + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle" fill="#334155">{xLabel}</text>
      <text transform={`translate(11,${(MARGIN.top + yBottom) / 2}) rotate(-90)`} textAnchor="middle" fill="#334155">{yLabel}</text>
    </g>
  );
}
