// Plain React SVG axes for the spectra charts (no d3 DOM mutation, so React owns the tree).
import type { ScaleLinear } from "d3";
import { MARGIN } from "./types";

export function ChartAxes(props: {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  xFormat?: (v: number) => string;
  /** The plot's top edge, where a chart keeps a strip above it (DepthChart's legend). */
  top?: number;
}) {
  const { x, y, width, height, xLabel, yLabel } = props;
  const fx = props.xFormat ?? x.tickFormat(5);
  const fy = y.tickFormat(5);
  const bottom = height - MARGIN.bottom;
  const top = props.top ?? MARGIN.top;
  return (
    <g fontSize={10} fontFamily="ui-sans-serif, system-ui, sans-serif">
      {y.ticks(5).map((t) => (
        <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
          <line x1={MARGIN.left} x2={width - MARGIN.right} stroke="#e5e7eb" />
          <text x={MARGIN.left - 5} dy="0.32em" textAnchor="end" fill="#6b7280">{fy(t)}</text>
        </g>
      ))}
      {x.ticks(5).map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
          <line y1={bottom} y2={bottom + 4} stroke="#9ca3af" />
          <text y={bottom + 15} textAnchor="middle" fill="#6b7280">{fx(t)}</text>
        </g>
      ))}
      <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} stroke="#9ca3af" />
      <line x1={MARGIN.left} x2={MARGIN.left} y1={top} y2={bottom} stroke="#9ca3af" />
      <text x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle" fill="#374151">{xLabel}</text>
      <text transform={`translate(12,${(top + bottom) / 2}) rotate(-90)`} textAnchor="middle" fill="#374151">{yLabel}</text>
    </g>
  );
}
