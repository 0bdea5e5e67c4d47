// The manifest entry the runtime worker loads for a studio model. A variant is the manifest's entry for its
// size with the variant's stages and r as config overrides (same random seed as that size's entry, so two
// variants differ by architecture only). A model reference is looked up by id.
import type { Manifest, ModelEntry } from "../runtime/manifest";
import { encodeRef } from "../url-state/variant-codec";
import type { ModelRef } from "./variant";
import { findEntry } from "./weights";

export function refKey(ref: ModelRef): string {
  return encodeRef(ref);
}

export function studioModelEntry(ref: ModelRef, manifest: Manifest): ModelEntry | { error: string } {
  const exact = findEntry(ref, manifest);
  if (ref.kind === "model") return exact ?? { error: `model "${ref.id}" is not in models/manifest.json` };
  if (exact) return exact;
  const base = manifest.models.find((m) => m.family === "nextvit" && m.size === ref.variant.size && m.weights.kind === "random");
  if (!base) return { error: `models/manifest.json has no untrained Next-ViT-${ref.variant.size} entry to derive variants from` };
  const id = `studio-${encodeRef(ref).toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return {
    ...base,
    id,
    title: `Next-ViT-${ref.variant.size} variant (untrained)`,
    config: { ...base.config, stages: [...ref.variant.stages], mixBlockRatio: ref.variant.rPct / 100 },
  };
}
