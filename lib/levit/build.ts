// LeViT → IR graph (official key layout; see keys.ts for timm). Every Linear_BN/Conv2d_BN is
// folded in float64 at build time: LeViT's BatchNorm1d runs over flattened tokens, which has
// no channel-axis-1 ONNX form, and folding is what the official `fuse=True` deploy model does.
// Taps: `patch_embed` and every entry of the official `blocks` Sequential.
import { GraphBuilder } from "../onnx/builder";
import { attr, float32, int64, type Graph, type TapInfo } from "../onnx/ir";
import type { StateDict } from "../checkpoint/types";
import { bnAffine, linear, param, reshape, scaleRows, tapFilter, transpose, values } from "../baselines/layers";
import { type LeViTBlock, type LeViTConfig, levitBlocks, stemChannels, stemResolution } from "./config";
import { attentionBiasIndex } from "./bias";

export interface LeViTBuildOptions {
  height: number;
  width: number;
  taps?: "all" | string[];
  /** Also output each attention's softmax as `blocks.N.attention` [1, heads, Nq, Nk]. */
  attentionMaps?: boolean;
}

export function listLeViTTaps(cfg: LeViTConfig): TapInfo[] {
  const taps: TapInfo[] = [{ path: "patch_embed", value: "patch_embed", stage: -1, index: -1, kind: "stem", layout: "NCHW" }];
  for (const b of levitBlocks(cfg)) {
    taps.push({ path: `blocks.${b.index}`, value: `blocks.${b.index}`, stage: b.stage, index: b.index, kind: b.kind, layout: "NLC", grid: [b.outRes, b.outRes] });
  }
  return taps;
}

/** Linear_BN folded: rows of W·scale and the BN shift, in PyTorch's [out, in] layout. */
function foldedLinear(sd: StateDict, prefix: string, out: number, inF: number) {
  const w = values(sd, `${prefix}.c.weight`, [out, inF]);
  const { scale, shift } = bnAffine(sd, `${prefix}.bn`, out);
  return { w: scaleRows(w, out, scale), b: shift };
}

/** Picks output rows (e.g. one of q/k/v from the per-head interleaved qkv) and scales them. */
function rows(f: { w: Float32Array; b: Float64Array }, inF: number, pick: number[], scale = 1) {
  const w = new Float32Array(pick.length * inF);
  const b = new Float64Array(pick.length);
  pick.forEach((r, i) => {
    for (let j = 0; j < inF; j++) w[i * inF + j] = f.w[r * inF + j] * scale;
    b[i] = f.b[r] * scale;
  });
  return { w, b };
}

function headRows(heads: number, per: number, from: number, count: number): number[] {
  const out: number[] = [];
  for (let h = 0; h < heads; h++) for (let j = 0; j < count; j++) out.push(h * per + from + j);
  return out;
}

function linearBn(g: GraphBuilder, sd: StateDict, x: string, prefix: string, out: number, inF: number): string {
  const f = foldedLinear(sd, prefix, out, inF);
  return linear(g, x, prefix, f.w, out, inF, f.b);
}

/** Shared core of Attention and AttentionSubsample: heads, bias gather, softmax, values, proj. */
function attention(g: GraphBuilder, sd: StateDict, cfg: LeViTConfig, b: LeViTBlock, x: string, p: string, maps: boolean): string {
  const D = cfg.keyDim;
  const sub = b.kind === "AttentionSubsample";
  const dv = (sub ? cfg.downAttnRatio : cfg.attnRatio) * D;
  const nk = b.res * b.res;
  const nq = b.outRes * b.outRes;
  const H = b.heads;
  const split = (t: string, n: number, d: number, perm: number[], name: string) => transpose(g, reshape(g, t, [1, n, H, d], `${name}.heads`), perm, `${name}.t`);
  let q: string, k: string, v: string;
  if (!sub) {
    const per = 2 * D + dv;
    const f = foldedLinear(sd, `${p}.qkv`, H * per, b.dim);
    const part = (name: string, from: number, count: number, scale = 1) => {
      const r = rows(f, b.dim, headRows(H, per, from, count), scale);
      return linear(g, x, `${p}.qkv.${name}`, r.w, H * count, b.dim, r.b);
    };
    q = split(part("q", 0, D, D ** -0.5), nq, D, [0, 2, 1, 3], `${p}.q`);
    k = split(part("k", D, D), nk, D, [0, 2, 3, 1], `${p}.k`);
    v = split(part("v", 2 * D, dv), nk, dv, [0, 2, 1, 3], `${p}.v`);
  } else {
    const per = D + dv;
    const f = foldedLinear(sd, `${p}.kv`, H * per, b.dim);
    const rk = rows(f, b.dim, headRows(H, per, 0, D));
    const rv = rows(f, b.dim, headRows(H, per, D, dv));
    k = split(linear(g, x, `${p}.kv.k`, rk.w, H * D, b.dim, rk.b), nk, D, [0, 2, 3, 1], `${p}.k`);
    v = split(linear(g, x, `${p}.kv.v`, rv.w, H * dv, b.dim, rv.b), nk, dv, [0, 2, 1, 3], `${p}.v`);
    // Subsample: every second token of the grid in both directions, as x[:, ::2, ::2].
    const grid = reshape(g, x, [1, b.res, b.res, b.dim], `${p}.q.0.grid`);
    const sl = g.op("Slice", [grid, g.ints(`${p}.q.0.starts`, [0, 0]), g.ints(`${p}.q.0.ends`, [b.res, b.res]), g.ints(`${p}.q.0.axes`, [1, 2]), g.ints(`${p}.q.0.steps`, [2, 2])], {}, `${p}.q.0`);
    const xs = reshape(g, sl, [1, nq, b.dim], `${p}.q.0.tokens`);
    const fq = foldedLinear(sd, `${p}.q.1`, H * D, b.dim);
    const rq = rows(fq, b.dim, [...Array(H * D).keys()], D ** -0.5);
    q = split(linear(g, xs, `${p}.q.1`, rq.w, H * D, b.dim, rq.b), nq, D, [0, 2, 1, 3], `${p}.q`);
  }
  const table = g.initializer(`${p}.attention_biases`, param(sd, `${p}.attention_biases`, [H, nk]));
  const idx = g.initializer(`${p}.attention_bias_idxs`, int64([nq * nk], attentionBiasIndex(b.res, b.outRes, sub ? 2 : 1)));
  const bias = reshape(g, g.op("Gather", [table, idx], { axis: attr.int(1) }, `${p}.ab.gather`), [H, nq, nk], `${p}.ab`);
  const logits = g.op("Add", [g.op("MatMul", [q, k], {}, `${p}.qk`), bias], {}, `${p}.logits`);
  const attn = g.op("Softmax", [logits], { axis: attr.int(-1) }, `${p}.softmax`);
  if (maps) g.output(attn, `blocks.${b.index}.attention`);
  const o = reshape(g, transpose(g, g.op("MatMul", [attn, v], {}, `${p}.av`), [0, 2, 1, 3], `${p}.av.t`), [1, nq, H * dv], `${p}.merge`);
  const act = g.op("HardSwish", [o], {}, `${p}.proj.0`);
  return linearBn(g, sd, act, `${p}.proj.1`, b.outDim, H * dv);
}

function mlp(g: GraphBuilder, sd: StateDict, cfg: LeViTConfig, b: LeViTBlock, x: string, p: string): string {
  const h = b.dim * cfg.mlpRatio;
  const a = g.op("HardSwish", [linearBn(g, sd, x, `${p}.0`, h, b.dim)], {}, `${p}.1`);
  return linearBn(g, sd, a, `${p}.2`, b.dim, h);
}

export function buildLeViT(cfg: LeViTConfig, sd: StateDict, opts: LeViTBuildOptions): Graph {
  if (opts.height !== opts.width || stemResolution(opts.height) !== stemResolution(cfg.imgSize)) {
    throw new Error(`${cfg.name}: attention biases are built for ${cfg.imgSize}x${cfg.imgSize} input (${stemResolution(cfg.imgSize)}x${stemResolution(cfg.imgSize)} tokens), got ${opts.height}x${opts.width}; resize the image or build the config with imgSize = the input size`);
  }
  const g = new GraphBuilder(cfg.name);
  const all = listLeViTTaps(cfg);
  const want = tapFilter(all.map((t) => t.path), opts.taps, cfg.name);
  const tap = (i: number) => {
    if (!want(all[i].path)) return;
    g.tap(all[i]);
    g.output(all[i].value, all[i].path);
  };
  let x = g.input("input", "float32", [1, 3, opts.height, opts.width]);
  const ch = [3, ...stemChannels(cfg)];
  for (let i = 0; i < 4; i++) {
    const p = `patch_embed.${2 * i}`;
    const { scale, shift } = bnAffine(sd, `${p}.bn`, ch[i + 1]);
    const w = g.initializer(`${p}.weight`, float32([ch[i + 1], ch[i], 3, 3], scaleRows(values(sd, `${p}.c.weight`, [ch[i + 1], ch[i], 3, 3]), ch[i + 1], scale)));
    const bb = g.initializer(`${p}.bias`, float32([ch[i + 1]], Float32Array.from(shift)));
    x = g.op("Conv", [x, w, bb], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }, i === 3 ? "patch_embed" : p);
    if (i < 3) x = g.op("HardSwish", [x], {}, `patch_embed.${2 * i + 1}`);
  }
  tap(0);
  const r = stemResolution(opts.height);
  x = transpose(g, reshape(g, x, [1, cfg.embedDims[0], r * r], "tokens.flatten"), [0, 2, 1], "tokens");
  for (const b of levitBlocks(cfg)) {
    const p = `blocks.${b.index}`;
    if (b.kind === "AttentionSubsample") x = g.op("Identity", [attention(g, sd, cfg, b, x, p, !!opts.attentionMaps)], {}, p);
    else if (b.kind === "Attention") x = g.op("Add", [x, attention(g, sd, cfg, b, x, `${p}.m`, !!opts.attentionMaps)], {}, p);
    else x = g.op("Add", [x, mlp(g, sd, cfg, b, x, `${p}.m`)], {}, p);
    tap(b.index + 1);
  }
  const c = cfg.embedDims[cfg.embedDims.length - 1];
  const pooled = g.op("ReduceMean", [x], { axes: attr.ints([1]), keepdims: attr.int(0) }, "mean");
  const head = mergedHead(sd, cfg, c);
  g.output(linear(g, pooled, "head", head.w, cfg.numClasses, c, head.b), "logits");
  return g.build();
}

/** BN_Linear heads folded (BN into the weight columns) and, with distillation, averaged as in eval. */
function mergedHead(sd: StateDict, cfg: LeViTConfig, c: number): { w: Float32Array; b: Float64Array } {
  const n = cfg.numClasses;
  const heads = cfg.distillation ? ["head", "head_dist"] : ["head"];
  const w = new Float64Array(n * c);
  const b = new Float64Array(n);
  for (const h of heads) {
    const { scale, shift } = bnAffine(sd, `${h}.bn`, c);
    const lw = values(sd, `${h}.l.weight`, [n, c]);
    const lb = values(sd, `${h}.l.bias`, [n]);
    for (let o = 0; o < n; o++) {
      let acc = lb[o];
      for (let i = 0; i < c; i++) {
        w[o * c + i] += (lw[o * c + i] * scale[i]) / heads.length;
        acc += lw[o * c + i] * shift[i];
      }
      b[o] += acc / heads.length;
    }
  }
  return { w: Float32Array.from(w), b };
}
