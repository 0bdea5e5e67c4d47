// The official state-dict layout (keys in PyTorch registration order, num_batches_tracked
// included with shape []), derived from the block plan.
import type { ParamSpec } from "../checkpoint/types";
import { type BlockPlan, type NextViTConfig, planNextViT } from "./config";

function bn(p: string, c: number): ParamSpec[] {
  return [
    { key: `${p}.weight`, shape: [c] },
    { key: `${p}.bias`, shape: [c] },
    { key: `${p}.running_mean`, shape: [c] },
    { key: `${p}.running_var`, shape: [c] },
    { key: `${p}.num_batches_tracked`, shape: [], dtype: "int64" },
  ];
}

/** PatchEmbed is parameter-free when it neither strides nor changes width. */
export function patchEmbedHasConv(inCh: number, outCh: number, stride: number): boolean {
  return stride === 2 || inCh !== outCh;
}

function patchEmbed(p: string, inCh: number, outCh: number, stride: number): ParamSpec[] {
  return patchEmbedHasConv(inCh, outCh, stride) ? [{ key: `${p}.conv.weight`, shape: [outCh, inCh, 1, 1] }, ...bn(`${p}.norm`, outCh)] : [];
}

function mhca(p: string, c: number, headDim: number): ParamSpec[] {
  return [
    { key: `${p}.group_conv3x3.weight`, shape: [c, headDim, 3, 3] },
    ...bn(`${p}.norm`, c),
    { key: `${p}.projection.weight`, shape: [c, c, 1, 1] },
  ];
}

function mlp(p: string, c: number, hidden: number): ParamSpec[] {
  return [
    { key: `${p}.conv1.weight`, shape: [hidden, c, 1, 1] },
    { key: `${p}.conv1.bias`, shape: [hidden] },
    { key: `${p}.conv2.weight`, shape: [c, hidden, 1, 1] },
    { key: `${p}.conv2.bias`, shape: [c] },
  ];
}

function linear(p: string, inF: number, outF: number): ParamSpec[] {
  return [{ key: `${p}.weight`, shape: [outF, inF] }, { key: `${p}.bias`, shape: [outF] }];
}

function eMhsa(p: string, dim: number, sr: number): ParamSpec[] {
  return [...["q", "k", "v", "proj"].flatMap((n) => linear(`${p}.${n}`, dim, dim)), ...(sr > 1 ? bn(`${p}.norm`, dim) : [])];
}

export function blockParamSpec(b: BlockPlan, headDim: number): ParamSpec[] {
  const p = `features.${b.index}`;
  if (b.kind === "NCB")
    return [...patchEmbed(`${p}.patch_embed`, b.inCh, b.outCh, b.stride), ...mhca(`${p}.mhca`, b.outCh, headDim), ...bn(`${p}.norm`, b.outCh), ...mlp(`${p}.mlp`, b.outCh, b.mlpHidden)];
  const out: ParamSpec[] = [];
  if (b.mhsaCh > 0) {
    out.push(...patchEmbed(`${p}.patch_embed`, b.inCh, b.mhsaCh, b.stride), ...bn(`${p}.norm1`, b.mhsaCh), ...eMhsa(`${p}.e_mhsa`, b.mhsaCh, b.srRatio));
  }
  if (b.mhcaCh > 0) {
    // With no E-MHSA branch (r = 0) the projection takes the block input and carries the stride.
    const [pin, pstride] = b.mhsaCh > 0 ? [b.mhsaCh, 1] : [b.inCh, b.stride];
    out.push(...patchEmbed(`${p}.projection`, pin, b.mhcaCh, pstride), ...mhca(`${p}.mhca`, b.mhcaCh, headDim));
  }
  out.push(...bn(`${p}.norm2`, b.outCh), ...mlp(`${p}.mlp`, b.outCh, b.mlpHidden));
  return out;
}

export function nextvitParamSpec(cfg: NextViTConfig): ParamSpec[] {
  const plan = planNextViT(cfg);
  const chs = [3, ...cfg.stemChs, cfg.stemChs[2]];
  const spec: ParamSpec[] = [];
  for (let i = 0; i < 4; i++) spec.push({ key: `stem.${i}.conv.weight`, shape: [chs[i + 1], chs[i], 3, 3] }, ...bn(`stem.${i}.norm`, chs[i + 1]));
  for (const b of plan) spec.push(...blockParamSpec(b, cfg.headDim));
  const last = plan[plan.length - 1].outCh;
  spec.push(...bn("norm", last), ...linear("proj_head.0", last, cfg.numClasses));
  return spec;
}

/** Learnable parameters (BN running statistics and counters excluded), as PyTorch counts them. */
export function countParams(cfg: NextViTConfig): number {
  return nextvitParamSpec(cfg)
    .filter((s) => !/\.(running_mean|running_var|num_batches_tracked)$/.test(s.key))
    .reduce((n, s) => n + s.shape.reduce((a, d) => a * d, 1), 0);
}
