"use client";
// Latency versus Imagenette accuracy in the style of the paper's Fig. 1. Models without a measured accuracy
// sit on a separate "untrained" rail under the plot, at their latency only; models not yet timed are listed.
import { scaleLinear, scaleLog } from "d3";
import type { ScatterLayout } from "@/lib/studio/scatter";
import { placeLabels } from "@/lib/studio/scatter-labels";
import { Axes, MARGIN } from "./Axes";

const W = 640, H = 280, RAIL = 36;

export function ScatterChart({ layout, colors, scale }: { layout: ScatterLayout; colors: Record<string, string>; scale: "log" | "lin" }) {
  const [lo, hi] = layout.latencyDomain;
  const x = scale === "log"
    ? scaleLog().domain([Math.max(lo, hi / 1e4, 1e-3), hi]).range([MARGIN.left, W - MARGIN.right])
    : scaleLinear().domain([lo, hi]).nice().range([MARGIN.left, W - MARGIN.right]);
  const plotBottom = H - MARGIN.bottom - RAIL;
  const y = scaleLinear().domain(layout.accuracyDomain ?? [0, 100]).nice().range([plotBottom, MARGIN.top]);
  const right = (ms: number) => x(ms) > (MARGIN.left + W - MARGIN.right) / 2;
  const labels = new Map(
    placeLabels(layout.placed.map((p) => ({ key: p.key, x: x(p.latencyMs), y: y(p.accuracy), label: p.label })), { x0: MARGIN.left, y0: MARGIN.top - 6, x1: W - MARGIN.right + 8, y1: plotBottom })
      .map((l) => [l.key, l]),
  );
  return (
    <figure>
      <div className="overflow-x-auto">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full min-w-[520px]" role="img" aria-label="latency versus accuracy">
        <Axes x={x} y={y} width={W} height={H} xLabel={`latency on this device, ms (${scale === "log" ? "log" : "linear"})`} yLabel="Imagenette top-1 %" xAxisAt={H - MARGIN.bottom} />
        {layout.accuracyDomain === null && (
          <text x={(MARGIN.left + W) / 2} y={(MARGIN.top + plotBottom) / 2} textAnchor="middle" className="text-[11px]" fill="#94a3b8">
            no model here has a measured accuracy
          </text>
        )}
        {layout.placed.map((p) => (
          <g key={p.key} data-testid="scatter-point" data-label={p.label} data-accuracy={p.accuracy} data-latency={p.latencyMs.toFixed(1)}>
            <circle cx={x(p.latencyMs)} cy={y(p.accuracy)} r={5} fill={colors[p.key]}><title>{`${p.label}: ${p.latencyMs.toFixed(1)} ms, ${p.accuracy}%`}</title></circle>
            {/* Placed clear of the other labels and dots and of the chart's edges (lib/studio/scatter-labels.ts). */}
            <text data-testid="scatter-label" x={labels.get(p.key)!.x} y={labels.get(p.key)!.y} textAnchor={labels.get(p.key)!.anchor} className="text-[10px]" fill={colors[p.key]}>{p.label}</text>
          </g>
        ))}
        <g transform={`translate(0,${plotBottom + 6})`}>
          <rect x={MARGIN.left} width={W - MARGIN.left - MARGIN.right} height={RAIL - 10} fill="#f1f5f9" rx={3} />
          <text x={MARGIN.left + 4} y={10} className="text-[9px]" fill="#64748b">untrained (no accuracy)</text>
          {layout.rail.map((p) => (
            <path key={p.key} data-testid="scatter-rail-point" data-label={p.label} transform={`translate(${x(p.latencyMs)},${(RAIL - 10) / 2 + 3})`} d="M0,-5L5,4L-5,4Z" fill={colors[p.key]}>
              <title>{`${p.label}: ${p.latencyMs.toFixed(1)} ms, untrained`}</title>
            </path>
          ))}
          {layout.rail.map((p, i) => (
            <text key={`t-${p.key}`} x={x(p.latencyMs) + (right(p.latencyMs) ? -7 : 7)} textAnchor={right(p.latencyMs) ? "end" : "start"} y={(RAIL - 10) / 2 + 7 - (i % 2) * 8} className="text-[9px]" fill={colors[p.key]}>{p.label.split(" ")[0]}</text>
          ))}
        </g>
      </svg>
      </div>
      {layout.pending.length > 0 && (
        <figcaption className="text-[11px] text-slate-500">Not timed yet: {layout.pending.map((p) => p.label).join(", ")}. Press “Measure latency”.</figcaption>
      )}
    </figure>
  );
}
