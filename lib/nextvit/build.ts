// Config + state dict (official layout) → IR graph with the requested taps as outputs.
import { GraphBuilder } from "../onnx/builder";
import { type Graph, type TapInfo, attr } from "../onnx/ir";
import type { StateDict } from "../checkpoint/types";
import { foldBatchNorm } from "../onnx/passes/fold-bn";
import { inferShapes } from "../onnx/shapes";
import { validateStateDict } from "../checkpoint/validate";
import { type BlockPlan, type NextViTConfig, depthsOf, planNextViT } from "./config";
import { detectNextVitLayout, toOfficialLayout } from "./keys";
import { nextvitParamSpec } from "./spec";
import { type Act, NextViTEmitter } from "./layers";

export interface BuildOptions {
  height: number;
  width: number;
  /** "all", a list of tap paths, or nothing for a plain logits graph. */
  taps?: "all" | string[];
  /** Emit the deploy form (official merge_bn + conv→BN folding). */
  fold?: boolean;
  /** With `fold`: the caller never uses `sd` again, so folding may scale its tensors in place (fold-bn.ts). */
  consumeWeights?: boolean;
}

/**
 * The state dict in the official layout (timm's is renamed), checked against the config's
 * parameter spec: throws CheckpointError naming the first missing/extra/misshapen/NaN tensor.
 */
export function officialStateDict(cfg: NextViTConfig, sd: StateDict, opts: { finite?: boolean } = {}): StateDict {
  if (checked.get(sd) === cfg) return sd;
  const official = detectNextVitLayout(sd.keys()) === "timm" ? toOfficialLayout(sd, depthsOf(cfg)) : sd;
  validateStateDict(official, nextvitParamSpec(cfg), opts);
  checked.set(official, cfg);
  return official;
}

/** State dicts officialStateDict has passed, with the config they were checked against: buildNextViT, handed one
 *  that adoptCheckpoint has checked already, does not read its 31 M values a second time. */
const checked = new WeakMap<StateDict, NextViTConfig>();

/**
 * Every tap of the architecture, in graph order. Values are the graph values holding the
 * activation (all NCHW):
 *  - `stem`: output of the 4th ConvBNReLU;
 *  - `features.N`: the block's output (after its MLP residual add);
 *  - `features.N.e_mhsa` (NTB with an E-MHSA branch): E_MHSA's output, tokens put back to
 *    [1, C_mhsa, H, W] — the tensor added to the block input by the first residual;
 *  - `features.N.mhca` (NTB with an MHCA branch): MHCA's output (its 1×1 projection),
 *    [1, C_mhca, H, W], before `out + mhca(out)`.
 */
export function listTaps(cfg: NextViTConfig): TapInfo[] {
  const taps: TapInfo[] = [{ path: "stem", value: "stem", stage: -1, index: -1, kind: "stem", layout: "NCHW" }];
  for (const b of planNextViT(cfg)) {
    const p = `features.${b.index}`;
    const meta = { stage: b.stage, index: b.index, layout: "NCHW" as const };
    if (b.kind === "NTB" && b.mhsaCh > 0) taps.push({ path: `${p}.e_mhsa`, value: `${p}.e_mhsa`, kind: "e_mhsa", ...meta });
    if (b.kind === "NTB" && b.mhcaCh > 0) taps.push({ path: `${p}.mhca`, value: `${p}.mhca.projection`, kind: "mhca", ...meta });
    taps.push({ path: p, value: p, kind: b.kind, ...meta });
  }
  return taps;
}

function emitBlock(e: NextViTEmitter, x: Act, b: BlockPlan): Act {
  const p = `features.${b.index}`;
  if (b.kind === "NCB") {
    x = e.patchEmbed(x, `${p}.patch_embed`, b.outCh, b.stride);
    x = e.add(x, e.mhca(x, `${p}.mhca`), `${p}.add_mhca`);
    return e.add(x, e.mlp(e.bn(x, `${p}.norm`), `${p}.mlp`, b.mlpHidden), p);
  }
  let parts: Act[];
  if (b.mhsaCh > 0) {
    x = e.patchEmbed(x, `${p}.patch_embed`, b.mhsaCh, b.stride);
    x = e.add(x, e.eMhsa(e.bn(x, `${p}.norm1`), `${p}.e_mhsa`, b.srRatio), `${p}.add_e_mhsa`);
    parts = [x];
  } else parts = [];
  if (b.mhcaCh > 0) {
    // r = 0: the projection reads the block input and carries the stride (see config.ts).
    let out = e.patchEmbed(x, `${p}.projection`, b.mhcaCh, b.mhsaCh > 0 ? 1 : b.stride);
    out = e.add(out, e.mhca(out, `${p}.mhca`), `${p}.add_mhca`);
    parts.push(out);
  }
  x = parts.length === 1 ? parts[0] : { ...parts[0], c: b.outCh, value: e.g.op("Concat", parts.map((a) => a.value), { axis: attr.int(1) }, `${p}.concat`) };
  return e.add(x, e.mlp(e.bn(x, `${p}.norm2`), `${p}.mlp`, b.mlpHidden), p);
}

function selectTaps(all: TapInfo[], taps: BuildOptions["taps"]): TapInfo[] {
  if (!taps) return [];
  if (taps === "all") return all;
  return taps.map((path) => {
    const t = all.find((a) => a.path === path);
    if (!t) throw new Error(`unknown tap "${path}"; this model has: ${all.map((a) => a.path).join(", ")}`);
    return t;
  });
}

export function buildNextViT(cfg: NextViTConfig, sd: StateDict, opts: BuildOptions): Graph {
  const { height, width } = opts;
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= 32 && width >= 32))
    throw new Error(`input size must be integers ≥ 32, got ${height}×${width}`);
  const plan = planNextViT(cfg);
  sd = officialStateDict(cfg, sd);
  const g = new GraphBuilder(cfg.name);
  const e = new NextViTEmitter(g, sd, cfg.bnEps, cfg.headDim);
  let x: Act = { value: g.input("input", "float32", [1, 3, height, width]), c: 3, h: height, w: width };
  const chs = [...cfg.stemChs, cfg.stemChs[2]];
  chs.forEach((c, i) => (x = e.convBnRelu(x, `stem.${i}`, c, i === 0 || i === 3 ? 2 : 1, i === 3 ? "stem" : undefined)));
  for (const b of plan) x = emitBlock(e, x, b);
  const pooled = g.op("GlobalAveragePool", [e.bn(x, "norm").value], {}, "avgpool");
  const flat = g.op("Flatten", [pooled], { axis: attr.int(1) }, "flatten");
  const logits = g.op("Gemm", [flat, e.weight("proj_head.0.weight"), e.weight("proj_head.0.bias")], { transB: attr.int(1) }, "proj_head.0");
  g.output(logits, "logits", "float32", [1, cfg.numClasses]);
  for (const t of selectTaps(listTaps(cfg), opts.taps)) {
    g.tap({ ...t });
    g.output(t.value, t.path);
  }
  let graph = g.build();
  if (opts.fold) graph = foldBatchNorm(graph, { inPlace: opts.consumeWeights });
  const shapes = inferShapes(graph);
  graph.outputs = graph.outputs.map((o) => ({ ...o, dims: shapes.get(o.name) ?? o.dims }));
  return graph;
}
