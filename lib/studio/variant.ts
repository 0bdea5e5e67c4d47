// The studio's variant model: what a user can change about Next-ViT (size, shrink ratio r, per-stage
// NCB/NTB sequence) as plain data. Pure; the URL codec and the config builder both read it.

import { nextvitPreset } from "../nextvit/config";
import { strategyStages } from "../nextvit/strategies";

export type Size = "S" | "B" | "L";
export const SIZES: readonly Size[] = ["S", "B", "L"];

/** Block kinds per stage: "C" = NCB, "T" = NTB. Always four stages. */
export type StagePattern = [string, string, string, string];

export interface Variant {
  size: Size;
  /** Shrink ratio r (mix_block_ratio), 0…1, stored in hundredths so URL round trips are exact. */
  rPct: number;
  stages: StagePattern;
}

/** A non-Next-ViT model (zoo/baselines) referenced by its manifest id. */
export type ModelRef = { kind: "variant"; variant: Variant } | { kind: "model"; id: string };

export const MAX_STAGE_BLOCKS = 48;
export const MAX_VARIANTS = 4;
export const MIN_VARIANTS = 1;

export interface PatternPreset {
  id: string; // URL id
  label: string;
  /** The compiler's strategy name (lib/nextvit/strategies.ts). */
  strategy: string;
  stages: (size: Size) => StagePattern;
}

/**
 * The paper's strategies as the compiler defines them over each size's official depths: NHS N = 1…5
 * ((NCB×N + NTB)×L in stage 3, L keeping stage 3's depth closest to the official; N = 4 is the shipped
 * Next-ViT) and the stage-wise C-C-C-T, C-C-T-T, C-T-T-T (NTBs only in the last stage(s)).
 */
function preset(id: string, label: string, strategy: string): PatternPreset {
  return { id, label, strategy, stages: (size) => strategyStages(strategy, nextvitPreset(size)) as StagePattern };
}

export const PATTERN_PRESETS: readonly PatternPreset[] = [
  ...[1, 2, 3, 4, 5].map((n) => preset(`nhs${n}`, n === 4 ? "NHS N=4 (Next-ViT)" : `NHS N=${n}`, `NHS-N${n}`)),
  preset("ccct", "C-C-C-T", "C-C-C-T"),
  preset("cctt", "C-C-T-T", "C-C-T-T"),
  preset("cttt", "C-T-T-T", "C-T-T-T"),
];

export const R_PRESETS: readonly number[] = [0, 25, 50, 75, 100];

export function findPreset(id: string): PatternPreset | undefined {
  return PATTERN_PRESETS.find((p) => p.id === id);
}

export function officialVariant(size: Size = "S", rPct = 75): Variant {
  return { size, rPct, stages: nextvitPreset(size).stages as StagePattern };
}

/** The preset whose pattern equals this variant's, if any (used to keep URLs short and labels readable). */
export function matchPreset(v: Variant): PatternPreset | undefined {
  return PATTERN_PRESETS.find((p) => p.stages(v.size).every((s, i) => s === v.stages[i]));
}

export function isValidStage(s: string): boolean {
  return s.length >= 1 && s.length <= MAX_STAGE_BLOCKS && /^[CT]+$/.test(s);
}

export function variantLabel(v: Variant): string {
  const p = matchPreset(v);
  return `Next-ViT-${v.size} r=${(v.rPct / 100).toFixed(2)} ${p ? p.label : v.stages.join("|")}`;
}

/** Compact label for tables and legends, e.g. "S r=0.75 NHS N=4". */
export function variantShortLabel(v: Variant): string {
  const p = matchPreset(v);
  return `${v.size} r=${(v.rPct / 100).toFixed(2)} ${p ? p.label.replace(" (Next-ViT)", "") : "custom"}`;
}

export function sameVariant(a: Variant, b: Variant): boolean {
  return a.size === b.size && a.rPct === b.rPct && a.stages.every((s, i) => s === b.stages[i]);
}

export function sameRef(a: ModelRef, b: ModelRef): boolean {
  if (a.kind === "model") return b.kind === "model" && a.id === b.id;
  return b.kind === "variant" && sameVariant(a.variant, b.variant);
}
