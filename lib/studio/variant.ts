// The studio's variant model: what a user can change about Next-ViT (size, shrink ratio r, per-stage
// NCB/NTB sequence) as plain data. Pure; the URL codec and the config builder both read it.

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

export const OFFICIAL_DEPTHS: Record<Size, [number, number, number, number]> = {
  S: [3, 4, 10, 3],
  B: [3, 4, 20, 3],
  L: [3, 4, 30, 3],
};
/** L in the NHS pattern (NCB×N + NTB×1)×L of stage 3. */
export const NHS_REPEATS: Record<Size, number> = { S: 2, B: 4, L: 6 };

export const MAX_STAGE_BLOCKS = 48;
export const MAX_VARIANTS = 4;
export const MIN_VARIANTS = 1;

const rep = (s: string, n: number) => s.repeat(Math.max(0, n));

/** NHS: stages 2 and 4 end in one NTB, stage 3 is (C×N + T)×L; N = 4 is the shipped Next-ViT. */
export function nhsStages(size: Size, n: number): StagePattern {
  const [d0, d1, , d3] = OFFICIAL_DEPTHS[size];
  return [rep("C", d0), rep("C", d1 - 1) + "T", rep(rep("C", n) + "T", NHS_REPEATS[size]), rep("C", d3 - 1) + "T"];
}

/**
 * The paper's "transformer blocks only in the last stage(s)" strategies: the first k stages are all NCB, the
 * rest all NTB, at the official depths of the size (the paper's tables are not available to us, so depths are
 * held at the official ones to isolate the placement).
 */
export function stagewiseStages(size: Size, convStages: 1 | 2 | 3): StagePattern {
  const d = OFFICIAL_DEPTHS[size];
  return d.map((n, i) => rep(i < convStages ? "C" : "T", n)) as StagePattern;
}

export interface PatternPreset {
  id: string;
  label: string;
  stages: (size: Size) => StagePattern;
}

export const PATTERN_PRESETS: readonly PatternPreset[] = [
  ...[1, 2, 3, 4, 5].map((n) => ({
    id: `nhs${n}`,
    label: n === 4 ? `NHS N=4 (Next-ViT)` : `NHS N=${n}`,
    stages: (s: Size) => nhsStages(s, n),
  })),
  { id: "ccct", label: "C-C-C-T", stages: (s: Size) => stagewiseStages(s, 3) },
  { id: "cctt", label: "C-C-T-T", stages: (s: Size) => stagewiseStages(s, 2) },
  { id: "cttt", label: "C-T-T-T", stages: (s: Size) => stagewiseStages(s, 1) },
];

export const R_PRESETS: readonly number[] = [0, 25, 50, 75, 100];

export function findPreset(id: string): PatternPreset | undefined {
  return PATTERN_PRESETS.find((p) => p.id === id);
}

export function officialVariant(size: Size = "S", rPct = 75): Variant {
  return { size, rPct, stages: nhsStages(size, 4) };
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

export function sameVariant(a: Variant, b: Variant): boolean {
  return a.size === b.size && a.rPct === b.rPct && a.stages.every((s, i) => s === b.stages[i]);
}

export function sameRef(a: ModelRef, b: ModelRef): boolean {
  if (a.kind === "model") return b.kind === "model" && a.id === b.id;
  return b.kind === "variant" && sameVariant(a.variant, b.variant);
}
