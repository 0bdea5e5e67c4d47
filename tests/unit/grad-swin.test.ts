// Swin (LayerNorm, GELU as Erf, shifted windows as Slice+Concat rolls, the shift mask, relative
// position bias Gather, patch merging) has no ReLU, so the whole model's input gradient can be
// held to finite differences directly: a tiny Swin with random weights, float32, 1e-3 relative.
import { describe, expect, it } from "vitest";
import { randomStateDict } from "../../lib/checkpoint/random";
import { buildSwin, listSwinTaps, swinParamSpec, swinPreset } from "../../lib/baselines/swin";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../helpers/ort-node";
import { fdCheckGraph, rand } from "./grad-fd";

const cfg = swinPreset("T", { embedDim: 16, depths: [2, 2], heads: [1, 2], window: 4, imgSize: 32, numClasses: 5 });

describe("Swin gradients", () => {
  it("input gradient through shifted windows agrees with finite differences", async () => {
    const sd = randomStateDict(swinParamSpec(cfg), 3);
    const graph = buildSwin(cfg, sd, { height: 32, width: 32 });
    const ops = new Set(graph.nodes.map((n) => n.op));
    for (const op of ["LayerNormalization", "Erf", "Softmax", "Gather", "Concat", "Slice"]) expect(ops.has(op), op).toBe(true);
    const x = rand(5, 3 * 32 * 32);
    const r = await fdCheckGraph(graph, "input", x, [1, 3, 32, 32], { eps: 1e-2, classIndex: 2 });
    expect(r.worst, JSON.stringify(r.pairs)).toBeLessThan(1e-3);
  });

  it("gives every tap a gradient of the tap's shape", async () => {
    const sd = randomStateDict(swinParamSpec(cfg), 3);
    const taps = listSwinTaps(cfg, 32, 32).map((t) => t.path);
    const graph = buildGradGraph(buildSwin(cfg, sd, { height: 32, width: 32, taps }), { taps, classIndex: 0 });
    const out = await runOnnx(encodeModel(graph), { input: { dims: [1, 3, 32, 32], data: rand(6, 3 * 32 * 32) } });
    for (const t of taps) {
      expect(out[`grad.${t}`].dims, t).toEqual(out[t].dims);
      expect(out[`grad.${t}`].data.some((v) => v !== 0), t).toBe(true);
    }
  });
});
