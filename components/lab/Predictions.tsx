"use client";
import { labelFor, softmaxTopK } from "@/lib/runtime/labels";
import type { ModelSummary, RunResult } from "@/lib/runtime/protocol";

interface Props {
  result: RunResult;
  names: string[] | null;
  untrained: boolean;
  labels: ModelSummary["labels"];
}

export function Predictions({ result, names, untrained, labels }: Props) {
  const top = softmaxTopK(result.logits, 5);
  return (
    <div data-testid="predictions">
      <ol className="space-y-1.5">
        {top.map((p, i) => (
          <li key={p.index} data-testid="prediction" data-index={p.index} data-logit={p.logit} className="text-sm">
            <div className="flex items-baseline justify-between gap-2">
              <span className={`truncate ${i === 0 ? "font-semibold" : ""} ${untrained ? "text-slate-500" : ""}`}>
                {labelFor(names, p.index)}
                <span className="ml-1 font-mono text-[10px] text-slate-400">#{p.index}</span>
              </span>
              <span className="shrink-0 font-mono text-xs text-slate-600">{(100 * p.prob).toFixed(1)}%</span>
            </div>
            <div className="mt-0.5 h-1.5 rounded-full bg-slate-100">
              <div className={`h-full rounded-full ${untrained ? "bg-slate-400" : "bg-indigo-500"}`} style={{ width: `${Math.max(1, 100 * p.prob)}%` }} />
            </div>
          </li>
        ))}
      </ol>
      {untrained && <p className="mt-2 text-xs text-amber-700">Random weights: these classes mean nothing.</p>}
      {/* A 10-class head has no "none of these": a cat still comes out as one of the ten. */}
      {!untrained && labels === "imagenette" && names && (
        <p data-testid="imagenette-note" className="mt-2 text-xs text-slate-600">
          This model only knows the {names.length} Imagenette classes ({names.join(", ")}), so any other photo gets one of these.
        </p>
      )}
    </div>
  );
}
