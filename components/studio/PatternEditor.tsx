"use client";
// Per-stage NCB/NTB sequence: click a block to flip C↔T, + / − to grow or shrink the stage.
import { MAX_STAGE_BLOCKS, type StagePattern } from "@/lib/studio/variant";

export function PatternEditor({ stages, onChange, testId }: { stages: StagePattern; onChange: (s: StagePattern) => void; testId: string }) {
  const set = (i: number, s: string) => onChange(stages.map((x, j) => (j === i ? s : x)) as StagePattern);
  return (
    <div className="space-y-1" data-testid={`${testId}-pattern`}>
      {stages.map((stage, i) => (
        <div key={i} className="flex items-center gap-1.5">
          <span className="w-12 shrink-0 text-[11px] text-slate-500">stage {i + 1}</span>
          <div className="flex flex-1 flex-wrap gap-[2px]">
            {[...stage].map((b, j) => (
              <button
                key={j}
                type="button"
                title={`features block ${j + 1} of stage ${i + 1}: ${b === "C" ? "NCB" : "NTB"} (click to flip)`}
                onClick={() => set(i, stage.slice(0, j) + (b === "C" ? "T" : "C") + stage.slice(j + 1))}
                className={`h-4 w-3 rounded-[2px] text-[8px] font-bold leading-4 ${b === "C" ? "bg-sky-200 text-sky-800" : "bg-orange-400 text-white"}`}
              >
                {b}
              </button>
            ))}
          </div>
          <span className="w-5 text-right text-[11px] tabular-nums text-slate-500">{stage.length}</span>
          <button type="button" aria-label={`remove a block from stage ${i + 1}`} disabled={stage.length <= 1}
            onClick={() => set(i, stage.slice(0, -1))} className="h-5 w-5 rounded border border-slate-300 text-xs disabled:opacity-30">
            −
          </button>
          <button type="button" aria-label={`add a block to stage ${i + 1}`} disabled={stage.length >= MAX_STAGE_BLOCKS}
            onClick={() => set(i, stage + "C")} className="h-5 w-5 rounded border border-slate-300 text-xs disabled:opacity-30">
            +
          </button>
        </div>
      ))}
    </div>
  );
}
