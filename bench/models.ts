// The graphs and inputs every runtime in the comparison shares: Next-ViT-S with seeded random
// weights at 224², one input tensor, and the analysis graph (logits + every tap + the Grad-CAM
// gradient at one layer in one run).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomStateDict } from "../lib/checkpoint/random";
import { writeSafetensors } from "../lib/checkpoint/safetensors";
import { buildNextViT, countMacs, nextvitParamSpec, nextvitPreset } from "../lib/nextvit";
import { type NextViTConfig, planNextViT } from "../lib/nextvit/config";
import { encodeModel } from "../lib/onnx/encode";
import { buildGradGraph } from "../lib/onnx/grad";
import type { Graph } from "../lib/onnx/ir";
import { fuseConvs } from "../lib/onnx/passes/fuse-conv";
import { dropNeutralCeilMode } from "../lib/runtime/webgpu-compat";

export const SIZE = 224;
/** Stage 3's last NTB: a real backward through stage 4 (the last block's would be trivial). */
export const CAM_TAP = "features.16";
export const CAM_CLASS = 7;

export interface BenchModels {
  forward: Uint8Array; // folded BN, logits only, Conv chains fused (what the lab runs)
  forwardPlain: Uint8Array; // the same before fusion: the parity reference (fusion is a runtime matter, like ORT's)
  analysis: Uint8Array; // folded BN, logits + all taps + grad.<CAM_TAP>
  taps: { path: string; dims: number[] }[];
  input: Float32Array;
  macs: number;
  dir: string; // temp dir holding plan.json, weights.safetensors, input.f32 for the Python peer
}

/**
 * The grad graph keeps only logits and the differentiated tap; put every forward output back
 * (their nodes are all upstream of logits, except the Identity renames, re-added here).
 */
export function withForwardOutputs(fwd: Graph, grad: Graph): Graph {
  const have = new Set(grad.outputs.map((o) => o.name));
  const produced = new Set(grad.nodes.flatMap((n) => n.outputs));
  const nodes = [...grad.nodes];
  const outputs = [...grad.outputs];
  for (const o of fwd.outputs) {
    if (have.has(o.name)) continue;
    if (!produced.has(o.name)) {
      const node = fwd.nodes.find((n) => n.outputs.includes(o.name));
      if (!node || node.inputs.some((i) => i && !produced.has(i) && !grad.initializers.has(i)))
        throw new Error(`cannot expose ${o.name} in the grad graph`);
      nodes.push(node);
    }
    outputs.push(o);
  }
  return { ...grad, nodes, outputs, taps: fwd.taps };
}

/** Next-ViT's folded logits-only graph with seeded random weights, its Conv chains fused as the lab's compiler
 *  fuses them (lib/onnx/passes/fuse-conv.ts): what the lab runs for a plain prediction. The bench page runs it as
 *  the lab's sessions do (`load(…, cpuFused = true)`). */
export function forwardOnnx(cfg: NextViTConfig, size: number): Uint8Array {
  return encodeModel(fuseConvs(dropNeutralCeilMode(buildNextViT(cfg, randomStateDict(nextvitParamSpec(cfg), 1), { height: size, width: size, fold: true }))).graph);
}

/** The bench page's files for logits-only runs at `size`: the input and a meta without taps. */
export function forwardOnlyFiles(size: number): Record<string, Uint8Array | string> {
  return {
    "input.f32": new Uint8Array(benchInput(size).buffer),
    "meta.json": JSON.stringify({ taps: [], camTap: "", camClass: 0, size, input: null }),
  };
}

export function benchInput(size = SIZE): Float32Array {
  return Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i * 0.37));
}

export function buildBenchModels(): BenchModels {
  const cfg = nextvitPreset("S");
  const sd = randomStateDict(nextvitParamSpec(cfg), 1);
  const opts = { height: SIZE, width: SIZE, fold: true };
  // As the lab compiles them (lib/runtime/build-model.ts): WebGPU's AveragePool refuses ceil_mode, which is neutral here.
  const plain = dropNeutralCeilMode(buildNextViT(cfg, sd, opts));
  const forward = encodeModel(fuseConvs(plain).graph); // as forwardOnnx
  const forwardPlain = encodeModel(plain);
  const fwdTaps = dropNeutralCeilMode(buildNextViT(cfg, sd, { ...opts, taps: "all" }));
  const grad = buildGradGraph(fwdTaps, { taps: [CAM_TAP], classIndex: CAM_CLASS });
  const analysisGraph = withForwardOutputs(fwdTaps, grad);
  const taps = fwdTaps.outputs.filter((o) => o.name !== "logits").map((o) => ({ path: o.name, dims: o.dims as number[] }));
  const input = benchInput();
  const dir = mkdtempSync(join(tmpdir(), "lab-bench-"));
  const plan = { size: SIZE, camTap: CAM_TAP, camClass: CAM_CLASS, ...cfg, blocks: planNextViT(cfg) };
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  writeFileSync(join(dir, "weights.safetensors"), writeSafetensors(sd));
  writeFileSync(join(dir, "input.f32"), new Uint8Array(input.buffer));
  return { forward, forwardPlain, analysis: encodeModel(analysisGraph), taps, input, macs: countMacs(cfg, SIZE, SIZE), dir };
}
