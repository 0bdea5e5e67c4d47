// Which studio models have trained weights, and their Imagenette accuracy, from the model manifest. A variant
// matches a manifest entry when the entry's config builds the same architecture; anything else is random
// weights, i.e. architecture and latency only.
import { nextvitPreset } from "../nextvit/config";
import type { Manifest, ModelEntry } from "../runtime/manifest";
import type { ModelRef, Variant } from "./variant";

export interface WeightsStatus {
  trained: boolean;
  entry?: ModelEntry;
  /** Imagenette top-1 in percent when the manifest has it, else null ("not trained" / "not measured"). */
  imagenetteTop1: number | null;
  label: string;
}

export const UNTRAINED_LABEL = "random weights: architecture and latency only";

function entryMatches(e: ModelEntry, v: Variant): boolean {
  if (e.family !== "nextvit" || e.size !== v.size) return false;
  try {
    const cfg = nextvitPreset(e.size, e.config as Parameters<typeof nextvitPreset>[1]);
    return cfg.mixBlockRatio * 100 === v.rPct && cfg.stages.every((s, i) => s === v.stages[i]);
  } catch {
    return false;
  }
}

export function findEntry(ref: ModelRef, manifest: Manifest | null): ModelEntry | undefined {
  if (!manifest) return undefined;
  if (ref.kind === "model") return manifest.models.find((m) => m.id === ref.id);
  const hits = manifest.models.filter((m) => entryMatches(m, ref.variant));
  return hits.find((m) => m.weights.kind === "file") ?? hits[0];
}

export function weightsStatus(ref: ModelRef, manifest: Manifest | null): WeightsStatus {
  const entry = findEntry(ref, manifest);
  const trained = !!entry && entry.weights.kind === "file" && entry.trainedOn !== null;
  const acc = trained && entry?.accuracy && /imagenette/i.test(entry.accuracy.dataset) ? entry.accuracy.top1 : null;
  return {
    trained,
    entry,
    imagenetteTop1: acc,
    label: trained ? `trained on ${entry!.trainedOn}` : UNTRAINED_LABEL,
  };
}
