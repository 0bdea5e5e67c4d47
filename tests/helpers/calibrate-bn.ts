// BatchNorm calibration for seeded random Next-ViT weights. randomStateDict leaves every BN at
// running_mean 0 / running_var 1, so nothing is normalised: activations grow block by block and
// the E-MHSA attention logits of stages 3–4 become so large that float32 rounding differences
// between backends (≈1e-7 relative) reach 1e-3 at the logits. Setting each BN's running
// statistics to the batch statistics of its input (what a trained network's BNs hold) makes the
// random network well conditioned, like the official-code fixtures (tests/fixtures/nextvit-mini).
import type { StateDict } from "../../lib/checkpoint/types";
import { Rng } from "../../lib/checkpoint/random";
import { attr, float32, type Graph, type Node } from "../../lib/onnx/ir";
import { encodeModel } from "../../lib/onnx/encode";
import { buildNextViT } from "../../lib/nextvit/build";
import type { NextViTConfig } from "../../lib/nextvit/config";
import { createSession, runSession, type Feed } from "./ort-node";

export interface CalibrateOptions {
  resolution: number;
  /** Deterministic N(0, 1) images; their statistics are pooled. */
  images?: number;
  seed?: number;
}

interface BnSite {
  node: string; // BN node name (the module path)
  input: string; // graph value the BN normalises
  mean: string; // state-dict key of running_mean
  variance: string; // state-dict key of running_var
}

/** Every BatchNormalization of the unfolded graph: its data input and its running-statistics keys. */
export function batchNormSites(graph: Graph): BnSite[] {
  return graph.nodes
    .filter((n) => n.op === "BatchNormalization")
    .map((n) => ({ node: n.name, input: n.inputs[0], mean: n.inputs[3], variance: n.inputs[4] }));
}

/**
 * The unfolded graph in training mode: each BN normalises with the mean and biased variance of
 * its own input (computed in the graph by ReduceMean, over every axis but the channel axis 1),
 * and those statistics are extra outputs. One forward pass then gives every BN the statistics
 * its input has when all BNs before it are already calibrated, which is what a fixed number of
 * eval-mode passes only approaches (and, from running_var = 1 with activations of 1e15, does not:
 * it oscillates).
 */
function trainModeGraph(cfg: NextViTConfig, sd: StateDict, res: number): { graph: Graph; sites: BnSite[] } {
  const graph = buildNextViT(cfg, sd, { height: res, width: res });
  const sites = batchNormSites(graph);
  const nodes: Node[] = [];
  for (const n of graph.nodes) {
    if (n.op !== "BatchNormalization") { nodes.push(n); continue; }
    const s = sites.find((x) => x.node === n.name)!;
    if (!sd.has(s.mean) || !sd.has(s.variance)) throw new Error(`BN ${n.name}: no state-dict keys ${s.mean} / ${s.variance}`);
    // E-MHSA's BatchNorm1d sees [1, C, N']; every other BN sees [1, C, H, W].
    const axes = attr.ints(n.name.endsWith(".e_mhsa.norm") ? [0, 2] : [0, 2, 3]);
    const p = `calib.${n.name}`;
    const mk = { op: "ReduceMean", name: `${p}.mean_k`, inputs: [n.inputs[0]], outputs: [`${p}.mean_k`], attrs: { axes, keepdims: attr.int(1) } };
    const d = { op: "Sub", name: `${p}.centred`, inputs: [n.inputs[0], mk.outputs[0]], outputs: [`${p}.centred`], attrs: {} };
    const sq = { op: "Mul", name: `${p}.sq`, inputs: [d.outputs[0], d.outputs[0]], outputs: [`${p}.sq`], attrs: {} };
    const m = { op: "ReduceMean", name: `${p}.mean`, inputs: [n.inputs[0]], outputs: [`${p}.mean`], attrs: { axes, keepdims: attr.int(0) } };
    const v = { op: "ReduceMean", name: `${p}.var`, inputs: [sq.outputs[0]], outputs: [`${p}.var`], attrs: { axes, keepdims: attr.int(0) } };
    graph.initializers.delete(s.mean); // unused in this graph (ORT warns about each)
    graph.initializers.delete(s.variance);
    nodes.push(mk, d, sq, m, v, { ...n, inputs: [n.inputs[0], n.inputs[1], n.inputs[2], m.outputs[0], v.outputs[0]] });
    graph.outputs.push({ name: m.outputs[0], dtype: "float32", dims: [] }, { name: v.outputs[0], dtype: "float32", dims: [] });
  }
  graph.nodes = nodes;
  return { graph, sites };
}

export function calibrationImages(count: number, res: number, seed: number): Feed[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const data = new Float32Array(3 * res * res);
    rng.normals(data, 1);
    return { dims: [1, 3, res, res], data };
  });
}

/**
 * A copy of `sd` whose BN running_mean / running_var are the training-mode batch statistics
 * (mean, biased variance) of each BN's input, pooled over the calibration images. Each image
 * runs alone (the graph's batch is 1), so the network normalises with per-image statistics and
 * the pooled variance adds the spread of the per-image means (law of total variance).
 */
export async function calibrateBatchNorm(cfg: NextViTConfig, sd: StateDict, opts: CalibrateOptions): Promise<StateDict> {
  const { resolution: res, images = 2, seed = 1234 } = opts;
  const { graph, sites } = trainModeGraph(cfg, sd, res);
  const sum = new Map<string, { m: Float64Array; m2: Float64Array; v: Float64Array }>();
  const session = await createSession(encodeModel(graph));
  try {
    for (const input of calibrationImages(images, res, seed)) {
      const r = await runSession(session, { input });
      for (const s of sites) {
        const m = r[`calib.${s.node}.mean`].data, v = r[`calib.${s.node}.var`].data;
        let acc = sum.get(s.node);
        if (!acc) sum.set(s.node, (acc = { m: new Float64Array(m.length), m2: new Float64Array(m.length), v: new Float64Array(m.length) }));
        for (let c = 0; c < m.length; c++) { acc.m[c] += m[c]; acc.m2[c] += m[c] * m[c]; acc.v[c] += v[c]; }
      }
    }
  } finally {
    await session.release();
  }
  const out: StateDict = new Map(sd);
  for (const s of sites) {
    const acc = sum.get(s.node)!;
    const mean = new Float32Array(acc.m.length), variance = new Float32Array(acc.m.length);
    for (let c = 0; c < mean.length; c++) {
      const m = acc.m[c] / images;
      mean[c] = m;
      variance[c] = acc.v[c] / images + Math.max(acc.m2[c] / images - m * m, 0);
    }
    out.set(s.mean, float32(out.get(s.mean)!.dims, mean));
    out.set(s.variance, float32(out.get(s.variance)!.dims, variance));
  }
  return out;
}
