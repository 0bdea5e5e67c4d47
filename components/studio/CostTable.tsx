"use client";
// Parameters, MACs, weights, Imagenette accuracy and measured latency of every model, one row each.
import { formatMacs, formatParams, type Cost } from "@/lib/studio/cost";
import type { WeightsStatus } from "@/lib/studio/weights";
import type { LatencyResult } from "./useStudioAnalysis";

export interface CostRow {
  key: string;
  label: string;
  color: string;
  cost: Cost;
  weights: WeightsStatus;
  latency: LatencyResult | null;
  meanHigh: number | null;
}

export function CostTable({ rows, res }: { rows: CostRow[]; res: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-left text-xs [&_td]:pr-2 [&_td]:align-top [&_th]:pr-2" data-testid="cost-table">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 font-medium">model</th>
            <th className="font-medium">params</th>
            <th className="font-medium">MACs @{res}²</th>
            <th className="font-medium">weights</th>
            <th className="font-medium">Imagenette top-1</th>
            <th className="font-medium" title="mean over block outputs of ΔlogA at the highest frequency">mean ΔlogA(π)</th>
            <th className="font-medium">latency (median)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key} className="border-t border-slate-100" data-testid={`cost-row-${i}`}>
              <td className="whitespace-nowrap py-1.5 pr-2 font-medium" style={{ color: r.color }}>{r.label}</td>
              <td className="whitespace-nowrap tabular-nums" data-testid={`cost-params-${i}`}>{formatParams(r.cost.params)}</td>
              <td className="whitespace-nowrap tabular-nums" data-testid={`cost-macs-${i}`}>{formatMacs(r.cost.macs)}</td>
              <td className="whitespace-nowrap" title={r.weights.label}>{r.weights.trained ? "trained" : "random, untrained"}</td>
              <td data-testid={`cost-acc-${i}`}>{r.weights.imagenetteTop1 !== null ? `${r.weights.imagenetteTop1.toFixed(1)} %` : r.weights.trained ? "not measured yet" : "not trained"}</td>
              <td className="tabular-nums" data-testid={`cost-dloga-${i}`}>{r.meanHigh === null ? "…" : r.meanHigh.toFixed(4)}</td>
              <td className="tabular-nums" data-testid={`cost-latency-${i}`}>
                {r.latency ? `${r.latency.medianMs.toFixed(1)} ms ±${r.latency.iqrHalfMs.toFixed(1)} (${r.latency.backend}, N=${r.latency.runs})` : "not measured"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
