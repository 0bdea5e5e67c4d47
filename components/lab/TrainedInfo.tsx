"use client";
// What a trained manifest entry says about itself: which weights, and how they were made (a
// disclosure, so the panel stays short). Everything comes from the manifest written by
// training/export.py; nothing here is typed in by hand.
import type { ModelEntry } from "@/lib/runtime/manifest";

type Training = NonNullable<ModelEntry["training"]>;

/** Epoch sizes as runs, e.g. [128, 128, 160] → "2 × 128², 1 × 160²". */
export function sizeRuns(sizes: number[]): string {
  const runs: [number, number][] = [];
  for (const s of sizes) {
    const last = runs.at(-1);
    if (last && last[1] === s) last[0]++;
    else runs.push([1, s]);
  }
  return runs.map(([n, s]) => `${n} × ${s}²`).join(", ");
}

export function TrainedInfo({ entry, sha256 }: { entry: ModelEntry; sha256?: string }) {
  const w = entry.weights.kind === "file" ? entry.weights : null;
  const t = entry.training;
  return (
    <div data-testid="trained-note" className="space-y-1.5 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-xs text-emerald-900">
      <p>
        <strong>Trained</strong> in this repository: real predictions for its {entry.numClasses} classes.
      </p>
      {w && (
        <p className="text-emerald-800">
          Weights <span className="font-mono">{w.url.split("/").pop()}</span> ({(w.bytes / 1e6).toFixed(1)} MB)
          <span className="block truncate font-mono text-[10px]" title={sha256 ?? w.sha256}>
            sha256 {sha256 ?? w.sha256}
          </span>
        </p>
      )}
      {t && <TrainingDetails t={t} />}
    </div>
  );
}

function TrainingDetails({ t }: { t: Training }) {
  const rows: [string, string][] = [
    ["Data", t.dataset],
    ["Epochs", `${t.epochs} (${sizeRuns(t.trainSizes)}), evaluated at ${t.evalSize}²`],
    ["Time", `${t.wallMinutes} min on ${t.machine}`],
    ["Recipe", t.recipe],
    ["Seed", String(t.seed)],
    ["PyTorch val", t.pytorchValTop1 === null ? "not measured" : `${t.pytorchValTop1.toFixed(1)}% top-1 (the trainer's own measurement)`],
    ["Weights", t.weightsFrom],
    ["Log", t.log],
  ];
  return (
    <details data-testid="training-details">
      <summary className="cursor-pointer font-medium">
        How it was trained: {t.epochs} epochs, {t.wallMinutes} min
      </summary>
      <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-emerald-700">{k}</dt>
            <dd className={`break-words ${k === "Log" ? "font-mono" : ""}`}>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
