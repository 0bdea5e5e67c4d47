// lib/onnx/passes/fuse-conv.ts and lib/runtime/unfuse.ts on the shipped trained Next-ViT-S and ResNet-50: the fused
// graph (what a WASM session runs, without onnxruntime's optimisers) gives every tap and the logits of the plain
// graph to float32 rounding; unfusing it again (what a WebGPU session gets) gives them bit for bit; a sum that
// broadcasts is never taken as FusedConv's Z.
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { buildNextViT } from "../../lib/nextvit/build";
import { encodeModel } from "../../lib/onnx/encode";
import { type Graph, attr, float32 } from "../../lib/onnx/ir";
import { fuseConvs } from "../../lib/onnx/passes/fuse-conv";
import { adoptCheckpoint } from "../../lib/runtime/build-model";
import { buildZooGraph } from "../../lib/runtime/build-zoo";
import { type BaselineEntry, type ModelEntry, parseManifest } from "../../lib/runtime/manifest";
import { unfuseConvs } from "../../lib/runtime/unfuse";
import { maxRelErr } from "../helpers/ort-node";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const entry = (id: string) => manifest.models.find((m) => m.id === id)! as ModelEntry & { weights: { url: string } };
const bytesOf = (e: { weights: { url: string } }) => new Uint8Array(readFileSync(`public${e.weights.url}`));
const SIZE = 64;
const input = Float32Array.from({ length: 3 * SIZE * SIZE }, (_, i) => Math.sin(i * 0.021) * 1.5);

/** Every output, at level "disabled" (what the lab's WASM sessions use for fused graphs). */
async function outputs(bytes: Uint8Array): Promise<Record<string, Float32Array>> {
  const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: "disabled", executionProviders: ["cpu"], intraOpNumThreads: 1 });
  const out = await s.run({ input: new ort.Tensor("float32", input, [1, 3, SIZE, SIZE]) });
  await s.release();
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
}

async function check(graph: Graph, minFused: number) {
  const { graph: fused, fused: n } = fuseConvs(graph);
  expect(n).toBeGreaterThanOrEqual(minFused);
  expect(fused.nodes.filter((x) => x.op === "FusedConv").length).toBe(n);
  expect(fused.outputs.map((o) => o.name)).toEqual(graph.outputs.map((o) => o.name)); // every tap survives
  const plain = await outputs(encodeModel(graph));
  const fusedBytes = encodeModel(fused);
  const withFused = await outputs(fusedBytes);
  const unfused = await outputs(unfuseConvs(fusedBytes));
  for (const o of graph.outputs) {
    expect(maxRelErr(withFused[o.name], plain[o.name]), o.name).toBeLessThan(1e-5);
    expect(Buffer.from(unfused[o.name].buffer).equals(Buffer.from(plain[o.name].buffer)), o.name).toBe(true);
  }
  return n;
}

describe("FusedConv for WASM sessions", () => {
  it("Next-ViT-S (shipped weights), every tap: fused to rounding, unfused bit for bit", async () => {
    const e = entry("nextvit-s-imagenette");
    const { sd, cfg } = adoptCheckpoint(bytesOf(e), "s.safetensors", e);
    const n = await check(buildNextViT(cfg, sd, { height: SIZE, width: SIZE, taps: "all", fold: true }), 60);
    console.log(`[fuse-conv] Next-ViT-S: ${n} Conv chains fused`);
  }, 120_000);

  it("ResNet-50 (shipped weights), every tap", async () => {
    const e = entry("resnet50-imagenette");
    const n = await check(buildZooGraph(e as BaselineEntry, SIZE, { bytes: bytesOf(e), name: "r.safetensors" }, true).graph, 40);
    console.log(`[fuse-conv] ResNet-50: ${n} Conv chains fused`);
  }, 120_000);

  it("takes only a same-shape sum as Z, and a Relu without one", () => {
    const g: Graph = {
      name: "t", opset: 17, taps: [],
      inputs: [{ name: "input", dtype: "float32", dims: [1, 2, 4, 4] }],
      outputs: [{ name: "y", dtype: "float32", dims: [1, 2, 4, 4] }, { name: "r", dtype: "float32", dims: [1, 2, 4, 4] }],
      initializers: new Map([["w", float32([2, 2, 1, 1], new Float32Array([1, 0, 0, 1]))], ["b", float32([1, 2, 1, 1], new Float32Array([1, 2]))]]),
      nodes: [
        { op: "Conv", name: "c1", inputs: ["input", "w"], outputs: ["c1"], attrs: { kernel_shape: attr.ints([1, 1]) } },
        { op: "Add", name: "a1", inputs: ["c1", "b"], outputs: ["y"], attrs: {} }, // broadcasts: not a Z
        { op: "Conv", name: "c2", inputs: ["input", "w"], outputs: ["c2"], attrs: { kernel_shape: attr.ints([1, 1]) } },
        { op: "Relu", name: "r2", inputs: ["c2"], outputs: ["r"], attrs: {} },
      ],
    };
    const { graph, fused } = fuseConvs(g);
    expect(fused).toBe(1);
    expect(graph.nodes.map((n) => `${n.op}:${n.outputs[0]}`)).toEqual(["Conv:c1", "Add:y", "FusedConv:r"]);
    expect(graph.nodes[2].attrs.activation).toEqual(attr.string("Relu"));
    expect(graph.nodes[2].inputs).toEqual(["input", "w", ""]);
  });
});
