// The models of the paper's Fig. 5 as the lab ships them: a CNN (ResNet-50), a transformer (Swin-T, window 5 at
// 160², its only size here) and Next-ViT-S. Each role takes the manifest's trained Imagenette entry when there is
// one and falls back to the untrained entry (architecture only), so the page works before every model is
// trained and says which are.
import type { Manifest, ModelEntry } from "../runtime/manifest";

export type FigureRole = "cnn" | "transformer" | "hybrid";

export interface FigureModel {
  role: FigureRole;
  /** What the paper calls this column. */
  label: string;
  entry: ModelEntry;
  trained: boolean;
}

/** One input size for all three: Swin-T w5 compiles only at 160², and the trained models were trained near it. */
export const FIGURE_RES = 160;

const ROLES: { role: FigureRole; label: string; matches: (e: ModelEntry) => boolean }[] = [
  // Next-ViT first: the depth chart draws its NCB/NTB bands from the first series.
  { role: "hybrid", label: "Next-ViT-S", matches: (e) => e.family === "nextvit" && e.size === "S" && Object.keys(e.config).length === 0 },
  { role: "cnn", label: "ResNet-50", matches: (e) => e.family === "resnet" && e.arch === "resnet50" },
  { role: "transformer", label: "Swin-T", matches: (e) => e.family === "swin" && (e.arch === "swin-t-w5" || (e.arch === "swin-t" && e.config.window === 5)) },
];

export const isTrained = (e: ModelEntry) => e.weights.kind === "file" && e.trainedOn !== null;

/**
 * The figure's models in column order (Next-ViT-S, ResNet-50, Swin-T). `ids` (from the URL) overrides a role
 * with a specific manifest entry when that entry fits the role; otherwise trained beats untrained.
 */
export function figureModels(manifest: Manifest, ids: readonly string[] = []): FigureModel[] | { error: string } {
  const out: FigureModel[] = [];
  for (const r of ROLES) {
    const fits = manifest.models.filter(r.matches);
    const chosen = fits.find((e) => ids.includes(e.id)) ?? fits.find(isTrained) ?? fits[0];
    if (!chosen) return { error: `models/manifest.json has no ${r.label} entry: the figure needs all three models` };
    if (!chosen.resolutions.includes(FIGURE_RES)) return { error: `${chosen.id} does not list ${FIGURE_RES}² among its resolutions` };
    out.push({ role: r.role, label: r.label, entry: chosen, trained: isTrained(chosen) });
  }
  return out;
}
