// LeViT state-dict keys in both layouts. The official layout (`blocks.N…`, Sequential
// indices) is canonical; timm's (`stages.S…`) is the same tensors renamed one to one. The
// official `attention_bias_idxs` buffers are derived from the resolution, so they are dropped.
import { CheckpointError } from "../checkpoint/errors";
import type { ParamSpec, StateDict } from "../checkpoint/types";
import { countSpecParams } from "../baselines/layers";
import { type LeViTConfig, levitBlocks, stemChannels } from "./config";

export interface LeViTKey extends ParamSpec {
  timm: string;
}

const BN = ["weight", "bias", "running_mean", "running_var"];

/** A Linear_BN / Conv2d_BN: `c` (timm `linear`) without bias, then `bn`. */
function convBnKeys(official: string, timm: string, wShape: number[]): LeViTKey[] {
  const out = wShape[0];
  return [
    { key: `${official}.c.weight`, timm: `${timm}.linear.weight`, shape: wShape },
    ...BN.map((s) => ({ key: `${official}.bn.${s}`, timm: `${timm}.bn.${s}`, shape: [out] })),
  ];
}

/** Every parameter and BN buffer, in the official state-dict order. */
export function levitKeys(cfg: LeViTConfig): LeViTKey[] {
  const keys: LeViTKey[] = [];
  const ch = [3, ...stemChannels(cfg)];
  for (let i = 0; i < 4; i++) keys.push(...convBnKeys(`patch_embed.${2 * i}`, `stem.conv${i + 1}`, [ch[i + 1], ch[i], 3, 3]));
  const D = cfg.keyDim;
  for (const b of levitBlocks(cfg)) {
    const o = `blocks.${b.index}`;
    if (b.kind === "Attention") {
      const t = `stages.${b.stage}.blocks.${b.sub}.attn`;
      const dv = cfg.attnRatio * D;
      keys.push({ key: `${o}.m.attention_biases`, timm: `${t}.attention_biases`, shape: [b.heads, b.res * b.res] });
      keys.push(...convBnKeys(`${o}.m.qkv`, `${t}.qkv`, [b.heads * (2 * D + dv), b.dim]));
      keys.push(...convBnKeys(`${o}.m.proj.1`, `${t}.proj.ln`, [b.dim, b.heads * dv]));
    } else if (b.kind === "AttentionSubsample") {
      const t = `stages.${b.stage}.downsample.attn_downsample`;
      const dv = cfg.downAttnRatio * D;
      keys.push({ key: `${o}.attention_biases`, timm: `${t}.attention_biases`, shape: [b.heads, b.res * b.res] });
      keys.push(...convBnKeys(`${o}.kv`, `${t}.kv`, [b.heads * (D + dv), b.dim]));
      keys.push(...convBnKeys(`${o}.q.1`, `${t}.q.ln`, [b.heads * D, b.dim]));
      keys.push(...convBnKeys(`${o}.proj.1`, `${t}.proj.ln`, [b.outDim, b.heads * dv]));
    } else {
      const t = b.sub < 0 ? `stages.${b.stage}.downsample.mlp` : `stages.${b.stage}.blocks.${b.sub}.mlp`;
      const h = b.dim * cfg.mlpRatio;
      keys.push(...convBnKeys(`${o}.m.0`, `${t}.ln1`, [h, b.dim]));
      keys.push(...convBnKeys(`${o}.m.2`, `${t}.ln2`, [b.dim, h]));
    }
  }
  const c = cfg.embedDims[cfg.embedDims.length - 1];
  for (const head of cfg.distillation ? ["head", "head_dist"] : ["head"]) {
    keys.push(...BN.map((s) => ({ key: `${head}.bn.${s}`, timm: `${head}.bn.${s}`, shape: [c] })));
    keys.push({ key: `${head}.l.weight`, timm: `${head}.linear.weight`, shape: [cfg.numClasses, c] });
    keys.push({ key: `${head}.l.bias`, timm: `${head}.linear.bias`, shape: [cfg.numClasses] });
  }
  return keys;
}

/** Official-layout spec for validateStateDict / randomStateDict. */
export function levitParamSpec(cfg: LeViTConfig): ParamSpec[] {
  return levitKeys(cfg).map(({ key, shape }) => ({ key, shape }));
}

export function countLeViTParams(cfg: LeViTConfig): number {
  return countSpecParams(levitParamSpec(cfg));
}

export type LeViTLayout = "official" | "timm";

export function detectLeViTLayout(keys: Iterable<string>): LeViTLayout {
  for (const k of keys) {
    if (k.startsWith("patch_embed.") || k.startsWith("blocks.")) return "official";
    if (k.startsWith("stem.") || k.startsWith("stages.")) return "timm";
  }
  throw new CheckpointError("LAB112", "no LeViT keys (patch_embed.*/blocks.* or stem.*/stages.*) found", {
    remedy: "Load a LeViT checkpoint from facebookresearch/LeViT or timm (levit_*), not another architecture.",
  });
}

/**
 * Either layout → official names. Index buffers and BN step counters are dropped; a key the
 * configuration does not have is an error naming it (wrong preset or class count). The
 * all-conv variants (official levit_c.py, timm levit_conv_*) store 1x1 convolutions
 * [out, in, 1, 1] where the linear model has [out, in]: those are viewed as 2-D.
 */
export function toOfficialLeViT(sd: StateDict, cfg: LeViTConfig): StateDict {
  const layout = detectLeViTLayout(sd.keys());
  const spec = levitKeys(cfg);
  const rename = new Map(spec.map((k) => [layout === "timm" ? k.timm : k.key, k]));
  const out: StateDict = new Map();
  for (const [k, t] of sd) {
    if (k.endsWith("attention_bias_idxs") || k.endsWith("num_batches_tracked")) continue;
    const to = rename.get(k);
    if (!to) throw new CheckpointError("LAB106", `"${k}" is not a ${cfg.name} (${layout} layout) tensor`, { tensor: k });
    const conv1x1 = to.shape.length === 2 && t.dims.length === 4 && t.dims[2] === 1 && t.dims[3] === 1;
    out.set(to.key, conv1x1 ? { ...t, dims: t.dims.slice(0, 2) } : t);
  }
  return out;
}

/** Official names → timm names (for export and the timm round-trip test). */
export function toTimmLeViT(sd: StateDict, cfg: LeViTConfig): StateDict {
  const rename = new Map(levitKeys(cfg).map((k) => [k.key, k.timm]));
  const out: StateDict = new Map();
  for (const [k, t] of sd) {
    const to = rename.get(k);
    if (to) out.set(to, t);
  }
  return out;
}
