// The figure's three models: which manifest entry each column uses, trained or not, and its Imagenette top-1
// as the lab measured it.
import type { FigureModel } from "@/lib/paper/models";

const ROLE: Record<FigureModel["role"], string> = { hybrid: "hybrid (the paper's)", cnn: "convolutional", transformer: "transformer" };

export function ModelCards({ models }: { models: FigureModel[] }) {
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-3" data-testid="paper-models">
      {models.map((m) => {
        const acc = m.entry.accuracy;
        return (
          <div key={m.entry.id} className="rounded-lg border border-slate-200 bg-white p-2 text-xs shadow-sm" data-testid={`paper-model-${m.role}`} data-id={m.entry.id} data-trained={m.trained}>
            <p className="font-semibold">{m.label} <span className="font-normal text-slate-500">· {ROLE[m.role]}</span></p>
            <p className="text-slate-600">{m.entry.id}</p>
            {m.trained ? (
              <p className="text-emerald-800">trained on Imagenette{acc ? `: ${acc.top1.toFixed(2)}% top-1 (${acc.source})` : " (accuracy not measured yet)"}</p>
            ) : (
              <p className="text-amber-800">untrained (random weights): its curves and maps show the architecture, not learning</p>
            )}
          </div>
        );
      })}
    </div>
  );
}
