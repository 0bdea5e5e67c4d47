// Next-ViT as data: every knob the paper ablates is a field, and `planNextViT` turns a
// config into the exact block list (channels, strides, branch widths) that the parameter
// spec, the graph builder and the MAC counter all share.

export type BlockKind = "NCB" | "NTB";

export interface NextViTConfig {
  name: string;
  stemChs: [number, number, number];
  /** Per stage, the block sequence as letters: "C" = NCB, "T" = NTB (e.g. "CCCCTCCCCT"). */
  stages: string[];
  strides: number[];
  srRatios: number[];
  /** NCB width per stage (official 96/192/384/768). */
  ncbChannels: number[];
  /**
   * NTB output width per stage (official 256/512/1024 for stages 2-4). The official code
   * never puts an NTB in stage 1; we use 128 there, keeping the official 4/3 ratio to the
   * stage's NCB width so that with r = 0.75 its E-MHSA part is exactly 96 channels.
   */
  ntbChannels: number[];
  headDim: number;
  /**
   * Shrink ratio r (mix_block_ratio) in [0, 1]. Inside (0,1): official split
   * mhsa = _make_divisible(int(C_out·r), 32), mhca = C_out − mhsa. Ends (the official
   * formula gives 32 E-MHSA channels at r = 0 and 0 MHCA channels at r = 1):
   *  r = 0 → no E-MHSA branch: the NTB is projection (PatchEmbed C_in→C_out, carrying the
   *          stride) + MHCA residual over all C_out channels + norm2/MLP;
   *  r = 1 (or any r whose rounded split leaves 0 MHCA channels) → no MHCA branch: the NTB
   *          is patch_embed (C_in→C_out) + norm1/E-MHSA residual over all C_out + norm2/MLP.
   */
  mixBlockRatio: number;
  ncbMlpRatio: number;
  ntbMlpRatio: number;
  numClasses: number;
  bnEps: number;
}

export interface BlockPlan {
  index: number; // official features.N
  stage: number;
  kind: BlockKind;
  inCh: number;
  outCh: number;
  stride: number;
  srRatio: number;
  /** NTB only: channel split (0 where the branch is absent). */
  mhsaCh: number;
  mhcaCh: number;
  mlpHidden: number;
}

/** The official `_make_divisible` (round to nearest multiple, never 10% below v). */
export function makeDivisible(v: number, divisor: number, minValue = divisor): number {
  let out = Math.max(minValue, Math.floor(Math.floor(v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

export function ntbSplit(outCh: number, r: number): { mhsa: number; mhca: number } {
  if (!(r >= 0 && r <= 1)) throw new Error(`mix_block_ratio must lie in [0, 1], got ${r}`);
  if (r === 0) return { mhsa: 0, mhca: outCh };
  const mhsa = r === 1 ? outCh : Math.min(outCh, makeDivisible(Math.trunc(outCh * r), 32));
  return { mhsa, mhca: outCh - mhsa };
}

/** The official stage patterns for given depths (stage 3 repeats NCB×4 + NTB). */
export function officialStages(depths: number[]): string[] {
  if (depths.length !== 4 || depths.some((d) => !Number.isInteger(d) || d < 1))
    throw new Error(`depths must be 4 positive integers, got [${depths}]`);
  if (depths[2] % 5 !== 0) throw new Error(`official stage 3 depth must be a multiple of 5 (NCB×4 + NTB), got ${depths[2]}`);
  return ["C".repeat(depths[0]), "C".repeat(depths[1] - 1) + "T", "CCCCT".repeat(depths[2] / 5), "C".repeat(depths[3] - 1) + "T"];
}

const BASE: Omit<NextViTConfig, "name" | "stages"> = {
  stemChs: [64, 32, 64],
  strides: [1, 2, 2, 2],
  srRatios: [8, 4, 2, 1],
  ncbChannels: [96, 192, 384, 768],
  ntbChannels: [128, 256, 512, 1024],
  headDim: 32,
  mixBlockRatio: 0.75,
  ncbMlpRatio: 3,
  ntbMlpRatio: 2,
  numClasses: 1000,
  bnEps: 1e-5,
};

export const PRESET_DEPTHS = { S: [3, 4, 10, 3], B: [3, 4, 20, 3], L: [3, 4, 30, 3] } as const;
export type PresetName = keyof typeof PRESET_DEPTHS;

export type ConfigOverrides = Partial<NextViTConfig> & { depths?: number[] };

/** A full config from the official layout for `depths`, then `overrides` on top. */
export function nextvitConfig(name: string, depths: readonly number[], overrides: ConfigOverrides = {}): NextViTConfig {
  const { depths: d, ...rest } = overrides;
  const cfg: NextViTConfig = { ...BASE, name, stages: officialStages([...(d ?? depths)]), ...rest };
  planNextViT(cfg); // validates
  return cfg;
}

export function nextvitPreset(name: PresetName, overrides: ConfigOverrides = {}): NextViTConfig {
  if (!(name in PRESET_DEPTHS)) throw new Error(`unknown Next-ViT preset "${name}" (use S, B or L)`);
  return nextvitConfig(`nextvit_${name}`, PRESET_DEPTHS[name], overrides);
}

export function depthsOf(cfg: NextViTConfig): number[] {
  return cfg.stages.map((s) => s.length);
}

export function planNextViT(cfg: NextViTConfig): BlockPlan[] {
  const n = cfg.stages.length;
  for (const [k, v] of Object.entries({ strides: cfg.strides, srRatios: cfg.srRatios, ncbChannels: cfg.ncbChannels, ntbChannels: cfg.ntbChannels }))
    if (v.length !== n) throw new Error(`${k} has ${v.length} entries for ${n} stages`);
  const plan: BlockPlan[] = [];
  let inCh = cfg.stemChs[2];
  cfg.stages.forEach((pattern, stage) => {
    if (!/^[CT]+$/.test(pattern)) throw new Error(`stage ${stage + 1} pattern "${pattern}" must be a non-empty string of C (NCB) and T (NTB)`);
    [...pattern].forEach((letter, b) => {
      const kind: BlockKind = letter === "C" ? "NCB" : "NTB";
      const outCh = kind === "NCB" ? cfg.ncbChannels[stage] : cfg.ntbChannels[stage];
      const stride = b === 0 ? cfg.strides[stage] : 1;
      const split = kind === "NTB" ? ntbSplit(outCh, cfg.mixBlockRatio) : { mhsa: 0, mhca: 0 };
      for (const [what, c] of [["width", outCh], ["E-MHSA width", split.mhsa], ["MHCA width", split.mhca]] as const)
        if (c % cfg.headDim !== 0)
          throw new Error(`features.${plan.length} (${kind}): ${what} ${c} is not a multiple of head_dim ${cfg.headDim}`);
      const ratio = kind === "NCB" ? cfg.ncbMlpRatio : cfg.ntbMlpRatio;
      plan.push({
        index: plan.length, stage, kind, inCh, outCh, stride, srRatio: cfg.srRatios[stage],
        mhsaCh: split.mhsa, mhcaCh: split.mhca, mlpHidden: makeDivisible(outCh * ratio, 32),
      });
      inCh = outCh;
    });
  });
  return plan;
}
