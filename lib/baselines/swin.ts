// Swin Transformer (timm `swin_*` layout, NHWC inside): the transformer baseline of the
// lab's frequency comparisons. Window size is a parameter; a stage whose grid is not larger
// than the window uses one unshifted window of the whole grid, as timm does. Taps (exposed
// as tokens [1, H·W, C] with their grid): `patch_embed`, `layers.S.downsample`,
// `layers.S.blocks.B`, `norm`.
import { GraphBuilder } from "../onnx/builder";
import { attr, float32, int64, type Graph, type TapInfo } from "../onnx/ir";
import type { ParamSpec, StateDict } from "../checkpoint/types";
import { countSpecParams, gelu, layerNorm, linear, param, reshape, tapFilter, transpose, values } from "./layers";
import { relativePositionIndex, roll2d, shiftMask, windowPartition, windowReverse } from "./swin-window";
import type { BuildOptions } from "./resnet";

export interface SwinConfig {
  name: string;
  embedDim: number;
  depths: number[];
  heads: number[];
  window: number;
  imgSize: number; // the resolution the bias tables were built for (tables shrink when a grid < window)
  patch: number;
  mlpRatio: number;
  numClasses: number;
}

export function swinPreset(size: "T" | "S" | "B" = "T", overrides: Partial<SwinConfig> = {}): SwinConfig {
  const base = { T: { embedDim: 96, depths: [2, 2, 6, 2], heads: [3, 6, 12, 24] }, S: { embedDim: 96, depths: [2, 2, 18, 2], heads: [3, 6, 12, 24] }, B: { embedDim: 128, depths: [2, 2, 18, 2], heads: [4, 8, 16, 32] } }[size];
  return { name: `swin-${size}`, ...base, window: 7, imgSize: 224, patch: 4, mlpRatio: 4, numClasses: 1000, ...overrides };
}

/** One stage at an input size: width, heads, token grid, window (clamped to the grid) and the shift of its odd blocks. */
export interface SwinStage { stage: number; dim: number; heads: number; h: number; w: number; window: number; shift: number }

/** The stage geometry the builder uses (also what `lab plan` hands to training/swin.py). */
export function swinStages(cfg: SwinConfig, height = cfg.imgSize, width = cfg.imgSize): SwinStage[] {
  let h = height / cfg.patch;
  let w = width / cfg.patch;
  return cfg.depths.map((_, s) => {
    if (s > 0) {
      h = Math.ceil(h / 2);
      w = Math.ceil(w / 2);
    }
    const clamp = Math.min(cfg.window, h, w);
    const shift = h <= cfg.window || w <= cfg.window ? 0 : Math.floor(cfg.window / 2);
    return { stage: s, dim: cfg.embedDim * 2 ** s, heads: cfg.heads[s], h, w, window: clamp, shift };
  });
}

export function swinParamSpec(cfg: SwinConfig): ParamSpec[] {
  const e = cfg.embedDim;
  const spec: ParamSpec[] = [
    { key: "patch_embed.proj.weight", shape: [e, 3, cfg.patch, cfg.patch] }, { key: "patch_embed.proj.bias", shape: [e] },
    { key: "patch_embed.norm.weight", shape: [e] }, { key: "patch_embed.norm.bias", shape: [e] },
  ];
  for (const st of swinStages(cfg)) {
    const c = st.dim;
    if (st.stage > 0) {
      const p = `layers.${st.stage}.downsample`;
      spec.push({ key: `${p}.norm.weight`, shape: [2 * c] }, { key: `${p}.norm.bias`, shape: [2 * c] }, { key: `${p}.reduction.weight`, shape: [c, 2 * c] });
    }
    for (let b = 0; b < cfg.depths[st.stage]; b++) {
      const p = `layers.${st.stage}.blocks.${b}`;
      const hid = c * cfg.mlpRatio;
      spec.push(
        { key: `${p}.norm1.weight`, shape: [c] }, { key: `${p}.norm1.bias`, shape: [c] },
        { key: `${p}.attn.relative_position_bias_table`, shape: [(2 * st.window - 1) ** 2, st.heads] },
        { key: `${p}.attn.qkv.weight`, shape: [3 * c, c] }, { key: `${p}.attn.qkv.bias`, shape: [3 * c] },
        { key: `${p}.attn.proj.weight`, shape: [c, c] }, { key: `${p}.attn.proj.bias`, shape: [c] },
        { key: `${p}.norm2.weight`, shape: [c] }, { key: `${p}.norm2.bias`, shape: [c] },
        { key: `${p}.mlp.fc1.weight`, shape: [hid, c] }, { key: `${p}.mlp.fc1.bias`, shape: [hid] },
        { key: `${p}.mlp.fc2.weight`, shape: [c, hid] }, { key: `${p}.mlp.fc2.bias`, shape: [c] },
      );
    }
  }
  const f = cfg.embedDim * 2 ** (cfg.depths.length - 1);
  spec.push({ key: "norm.weight", shape: [f] }, { key: "norm.bias", shape: [f] }, { key: "head.fc.weight", shape: [cfg.numClasses, f] }, { key: "head.fc.bias", shape: [cfg.numClasses] });
  return spec;
}

export function countSwinParams(cfg: SwinConfig): number {
  return countSpecParams(swinParamSpec(cfg));
}

export function listSwinTaps(cfg: SwinConfig, height = cfg.imgSize, width = cfg.imgSize): TapInfo[] {
  const st = swinStages(cfg, height, width);
  const t = (path: string, stage: number, index: number, kind: string, s: SwinStage): TapInfo =>
    ({ path, value: path, stage, index, kind, layout: "NLC", grid: [s.h, s.w] });
  const taps: TapInfo[] = [t("patch_embed", -1, -1, "stem", st[0])];
  let index = 0;
  for (const s of st) {
    if (s.stage > 0) taps.push(t(`layers.${s.stage}.downsample`, s.stage, -1, "PatchMerging", s));
    for (let b = 0; b < cfg.depths[s.stage]; b++) taps.push(t(`layers.${s.stage}.blocks.${b}`, s.stage, index++, b % 2 ? "SW-MSA" : "W-MSA", s));
  }
  taps.push(t("norm", st.length - 1, -1, "norm", st[st.length - 1]));
  return taps;
}

function windowAttention(g: GraphBuilder, sd: StateDict, x: string, p: string, s: SwinStage): string {
  const { h, w, dim: c, heads, window: ws, shift } = s;
  if (h % ws || w % ws) throw new Error(`Swin ${p}: grid ${h}x${w} is not a multiple of the window ${ws}; pick an input size where every stage grid divides by the window`);
  const n = ws * ws;
  const nW = (h / ws) * (w / ws);
  const hd = c / heads;
  const y = layerNorm(g, sd, x, `${p}.norm1`, c);
  const shifted = shift ? roll2d(g, y, h, w, -shift, `${p}.attn.shift`) : y;
  const win = windowPartition(g, shifted, h, w, c, ws, `${p}.attn.windows`);
  const qkvW = values(sd, `${p}.attn.qkv.weight`, [3 * c, c]);
  const qkvB = values(sd, `${p}.attn.qkv.bias`, [3 * c]);
  const part = (i: number, scale: number) => {
    const wPart = qkvW.slice(i * c * c, (i + 1) * c * c).map((v) => v * scale);
    const bPart = qkvB.slice(i * c, (i + 1) * c).map((v) => v * scale);
    const name = `${p}.attn.${"qkv"[i]}`;
    return reshape(g, linear(g, win, name, wPart, c, c, bPart), [nW, n, heads, hd], `${name}.heads`);
  };
  const q = transpose(g, part(0, hd ** -0.5), [0, 2, 1, 3], `${p}.attn.q.t`);
  const k = transpose(g, part(1, 1), [0, 2, 3, 1], `${p}.attn.k.t`);
  const v = transpose(g, part(2, 1), [0, 2, 1, 3], `${p}.attn.v.t`);
  const table = g.initializer(`${p}.attn.relative_position_bias_table`, param(sd, `${p}.attn.relative_position_bias_table`, [(2 * ws - 1) ** 2, heads]));
  const idx = g.initializer(`${p}.attn.relative_position_index`, int64([n * n], relativePositionIndex(ws)));
  const gathered = g.op("Gather", [table, idx], { axis: attr.int(0) }, `${p}.attn.bias.gather`);
  const bias = reshape(g, transpose(g, gathered, [1, 0], `${p}.attn.bias.t`), [heads, n, n], `${p}.attn.bias`);
  let logits = g.op("Add", [g.op("MatMul", [q, k], {}, `${p}.attn.qk`), bias], {}, `${p}.attn.logits`);
  if (shift) logits = g.op("Add", [logits, g.initializer(`${p}.attn.mask`, float32([nW, 1, n, n], shiftMask(h, w, ws, shift)))], {}, `${p}.attn.masked`);
  const attn = g.op("Softmax", [logits], { axis: attr.int(-1) }, `${p}.attn.softmax`);
  const o = reshape(g, transpose(g, g.op("MatMul", [attn, v], {}, `${p}.attn.av`), [0, 2, 1, 3], `${p}.attn.av.t`), [nW, n, c], `${p}.attn.merge`);
  const proj = linear(g, o, `${p}.attn.proj`, values(sd, `${p}.attn.proj.weight`, [c, c]), c, c, values(sd, `${p}.attn.proj.bias`, [c]));
  const back = windowReverse(g, proj, h, w, c, ws, `${p}.attn.unwindow`);
  return shift ? roll2d(g, back, h, w, shift, `${p}.attn.unshift`) : back;
}

function mlp(g: GraphBuilder, sd: StateDict, x: string, p: string, c: number, hid: number): string {
  const y = layerNorm(g, sd, x, `${p}.norm2`, c);
  const h1 = linear(g, y, `${p}.mlp.fc1`, values(sd, `${p}.mlp.fc1.weight`, [hid, c]), hid, c, values(sd, `${p}.mlp.fc1.bias`, [hid]));
  const a = gelu(g, h1, `${p}.mlp.act`);
  return linear(g, a, `${p}.mlp.fc2`, values(sd, `${p}.mlp.fc2.weight`, [c, hid]), c, hid, values(sd, `${p}.mlp.fc2.bias`, [c]));
}

export function buildSwin(cfg: SwinConfig, sd: StateDict, opts: BuildOptions): Graph {
  const g = new GraphBuilder(cfg.name);
  const geo = swinStages(cfg, opts.height, opts.width);
  const all = listSwinTaps(cfg, opts.height, opts.width);
  const want = tapFilter(all.map((t) => t.path), opts.taps, cfg.name);
  const tap = (value: string, path: string) => {
    if (!want(path)) return;
    const t = all.find((a) => a.path === path)!;
    const [h, w] = t.grid!;
    const c = path === "patch_embed" ? cfg.embedDim : geo[Math.max(t.stage, 0)].dim;
    const tokens = reshape(g, value, [1, h * w, c], `${path}.tokens`);
    g.tap({ ...t, value: tokens });
    g.output(tokens, path);
  };
  if (opts.height % cfg.patch || opts.width % cfg.patch) throw new Error(`Swin: input ${opts.height}x${opts.width} is not a multiple of the patch size ${cfg.patch}`);
  const e = cfg.embedDim;
  const input = g.input("input", "float32", [1, 3, opts.height, opts.width]);
  const pw = g.initializer("patch_embed.proj.weight", param(sd, "patch_embed.proj.weight", [e, 3, cfg.patch, cfg.patch]));
  const pb = g.initializer("patch_embed.proj.bias", param(sd, "patch_embed.proj.bias", [e]));
  const conv = g.op("Conv", [input, pw, pb], { kernel_shape: attr.ints([cfg.patch, cfg.patch]), strides: attr.ints([cfg.patch, cfg.patch]) }, "patch_embed.proj");
  let x = layerNorm(g, sd, transpose(g, conv, [0, 2, 3, 1], "patch_embed.nhwc"), "patch_embed.norm", e);
  tap(x, "patch_embed");
  for (const s of geo) {
    const c = s.dim;
    if (s.stage > 0) {
      const p = `layers.${s.stage}.downsample`;
      const prev = geo[s.stage - 1];
      if (prev.h % 2 || prev.w % 2) throw new Error(`Swin ${p}: odd grid ${prev.h}x${prev.w}; use an input size divisible by ${cfg.patch * 2 ** (cfg.depths.length - 1)}`);
      const r = reshape(g, x, [1, s.h, 2, s.w, 2, prev.dim], `${p}.split`);
      const m = reshape(g, transpose(g, r, [0, 1, 3, 4, 2, 5], `${p}.order`), [1, s.h, s.w, 4 * prev.dim], `${p}.merge`);
      const n = layerNorm(g, sd, m, `${p}.norm`, 4 * prev.dim);
      x = linear(g, n, `${p}.reduction`, values(sd, `${p}.reduction.weight`, [c, 4 * prev.dim]), c, 4 * prev.dim);
      tap(x, p);
    }
    for (let b = 0; b < cfg.depths[s.stage]; b++) {
      const p = `layers.${s.stage}.blocks.${b}`;
      const sb = { ...s, shift: b % 2 ? s.shift : 0 };
      x = g.op("Add", [x, windowAttention(g, sd, x, p, sb)], {}, `${p}.attn_residual`);
      x = g.op("Add", [x, mlp(g, sd, x, p, c, c * cfg.mlpRatio)], {}, `${p}.mlp_residual`);
      tap(x, p);
    }
  }
  const f = geo[geo.length - 1].dim;
  x = layerNorm(g, sd, x, "norm", f, 1e-5, "norm.ln");
  tap(x, "norm");
  const pooled = g.op("ReduceMean", [x], { axes: attr.ints([1, 2]), keepdims: attr.int(0) }, "head.global_pool");
  g.output(linear(g, pooled, "head.fc", values(sd, "head.fc.weight", [cfg.numClasses, f]), cfg.numClasses, f, values(sd, "head.fc.bias", [cfg.numClasses])), "logits");
  return g.build();
}
