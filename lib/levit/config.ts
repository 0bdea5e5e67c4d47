// LeViT as data: the official `specification` table (facebookresearch/LeViT levit.py,
// identical to timm's model_cfgs) and the flat block list the official model builds from it.
export type LeViTName = "128S" | "128" | "192" | "256" | "384";

export interface LeViTConfig {
  name: string;
  embedDims: number[]; // C per stage
  keyDim: number; // D
  heads: number[]; // N per stage
  depths: number[]; // X per stage
  attnRatio: number; // 2 in stage blocks
  mlpRatio: number; // 2
  downAttnRatio: number; // 4 in the shrink attention
  imgSize: number; // square input the bias tables are built for (224 → 14x14 tokens)
  numClasses: number;
  distillation: boolean;
}

const SPEC: Record<LeViTName, { C: number[]; D: number; N: number[]; X: number[] }> = {
  "128S": { C: [128, 256, 384], D: 16, N: [4, 6, 8], X: [2, 3, 4] },
  "128": { C: [128, 256, 384], D: 16, N: [4, 8, 12], X: [4, 4, 4] },
  "192": { C: [192, 288, 384], D: 32, N: [3, 5, 6], X: [4, 4, 4] },
  "256": { C: [256, 384, 512], D: 32, N: [4, 6, 8], X: [4, 4, 4] },
  "384": { C: [384, 512, 768], D: 32, N: [6, 9, 12], X: [4, 4, 4] },
};

export const LEVIT_NAMES = Object.keys(SPEC) as LeViTName[];

export function levitPreset(name: LeViTName, overrides: Partial<LeViTConfig> = {}): LeViTConfig {
  const s = SPEC[name];
  if (!s) throw new Error(`LeViT: unknown model "${name}"; choose one of ${LEVIT_NAMES.join(", ")}`);
  return {
    name: `LeViT-${name}`, embedDims: s.C, keyDim: s.D, heads: s.N, depths: s.X,
    attnRatio: 2, mlpRatio: 2, downAttnRatio: 4, imgSize: 224, numClasses: 1000, distillation: true, ...overrides,
  };
}

export type BlockKind = "Attention" | "MLP" | "AttentionSubsample";

export interface LeViTBlock {
  index: number; // official `blocks.N`
  kind: BlockKind;
  stage: number; // stage whose width the block outputs
  sub: number; // timm block index within the stage (-1 for the stage's downsample)
  dim: number; // input width
  outDim: number;
  heads: number;
  res: number; // input grid side
  outRes: number;
}

/** Token grid side after the stride-16 stem (four 3x3, stride-2, pad-1 convolutions). */
export function stemResolution(size: number): number {
  let r = size;
  for (let i = 0; i < 4; i++) r = Math.floor((r - 1) / 2) + 1;
  return r;
}

export function levitBlocks(cfg: LeViTConfig): LeViTBlock[] {
  const out: LeViTBlock[] = [];
  let res = stemResolution(cfg.imgSize);
  const push = (b: Omit<LeViTBlock, "index">) => out.push({ index: out.length, ...b });
  cfg.embedDims.forEach((c, s) => {
    for (let i = 0; i < cfg.depths[s]; i++) {
      push({ kind: "Attention", stage: s, sub: i, dim: c, outDim: c, heads: cfg.heads[s], res, outRes: res });
      push({ kind: "MLP", stage: s, sub: i, dim: c, outDim: c, heads: 0, res, outRes: res });
    }
    if (s + 1 < cfg.embedDims.length) {
      const next = cfg.embedDims[s + 1];
      const outRes = Math.floor((res - 1) / 2) + 1;
      push({ kind: "AttentionSubsample", stage: s + 1, sub: -1, dim: c, outDim: next, heads: c / cfg.keyDim, res, outRes });
      push({ kind: "MLP", stage: s + 1, sub: -1, dim: next, outDim: next, heads: 0, res: outRes, outRes });
      res = outRes;
    }
  });
  return out;
}

export function stemChannels(cfg: LeViTConfig): number[] {
  const n = cfg.embedDims[0];
  return [n / 8, n / 4, n / 2, n];
}
