// The reverse-mode pass itself: errors that name the problem, pruning, taps without a path.
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../../lib/onnx/builder";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph, GradError, SEED_INPUT } from "../../lib/onnx/grad";
import { attr, float32 } from "../../lib/onnx/ir";
import { runOnnx } from "../helpers/ort-node";
import { rand } from "./grad-fd";

function chain(op: string) {
  const b = new GraphBuilder("t");
  const x = b.input("input", "float32", [1, 4]);
  const a = b.op("Relu", [x], {}, "a");
  b.tap({ path: "a", value: a, stage: 0, index: 0, kind: "test", layout: "NLC" });
  const s = b.op(op, [a], {}, "mystery");
  const side = b.op("Relu", [x], {}, "side");
  b.output(side, "side");
  b.output(b.op("MatMul", [s, b.initializer("w", float32([4, 3], rand(1, 12)))], {}, "head"), "logits", "float32", [1, 3]);
  return b.build();
}

describe("buildGradGraph", () => {
  it("names the op and node that have no gradient rule", () => {
    const g = chain("Sin");
    const shapes = new Map<string, number[]>([["input", [1, 4]], ["a", [1, 4]], ["mystery", [1, 4]], ["side", [1, 4]], ["w", [4, 3]], ["head", [1, 3]], ["logits", [1, 3]]]);
    let err: unknown;
    try {
      buildGradGraph(g, { taps: ["a"], classIndex: 0, shapes });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradError);
    expect((err as GradError).op).toBe("Sin");
    expect((err as GradError).node).toBe("mystery");
    expect((err as Error).message).toMatch(/no gradient rule for op Sin \(node "mystery"\)/);
  });

  it("rejects unknown taps and out-of-range classes with the way out", () => {
    const g = chain("Relu");
    expect(() => buildGradGraph(g, { taps: ["nope"], classIndex: 0 })).toThrow(/unknown tap "nope" \(taps of this graph: a\)/);
    expect(() => buildGradGraph(g, { taps: ["a"], classIndex: 3 })).toThrow(/class 3 is out of range.*0\.\.2/);
  });

  it("prunes what the outputs do not need and keeps forward values exact", async () => {
    const g = chain("Relu");
    const gg = buildGradGraph(g, { taps: ["a"], classIndex: 2 });
    expect(gg.outputs.map((o) => o.name)).toEqual(["logits", "a", "grad.a"]);
    expect(gg.nodes.some((n) => n.name === "side")).toBe(false);
    const x = Float32Array.from([0.5, -1, 2, -0.25]);
    const out = await runOnnx(encodeModel(gg), { input: { dims: [1, 4], data: x } });
    const wt = g.initializers.get("w")!.data as Float32Array;
    // d logits[0,2] / d a = W[:,2] masked by the second Relu (a > 0 where x > 0).
    const expected = [0, 1, 2, 3].map((i) => (x[i] > 0 ? wt[i * 3 + 2] : 0));
    expect(Array.from(out["grad.a"].data)).toEqual(expected.map((v) => Math.fround(v)));
  });

  it("gives a zero gradient for a tap that logits do not depend on", async () => {
    const b = new GraphBuilder("t");
    const x = b.input("input", "float32", [1, 2]);
    const dead = b.op("Relu", [x], {}, "dead");
    b.tap({ path: "dead", value: dead, stage: 0, index: 0, kind: "test", layout: "NLC" });
    b.output(b.op("MatMul", [x, b.initializer("w", float32([2, 3], rand(2, 6)))]), "logits", "float32", [1, 3]);
    const gg = buildGradGraph(b.build(), { taps: ["dead"], classIndex: 0 });
    const out = await runOnnx(encodeModel(gg), { input: { dims: [1, 2], data: Float32Array.from([1, 2]) } });
    expect(Array.from(out["grad.dead"].data)).toEqual([0, 0]);
    expect(out["grad.dead"].dims).toEqual([1, 2]);
  });

  it("differentiates a tap exposed as a view off the main path w.r.t. the activation it views", async () => {
    const b = new GraphBuilder("t");
    const x = b.input("input", "float32", [1, 4]);
    const a = b.op("Relu", [x], {}, "a");
    const view = b.op("Transpose", [b.op("Reshape", [a, b.ints("s", [1, 2, 2])], {}, "a.grid")], { perm: attr.ints([0, 2, 1]) }, "a.view");
    b.tap({ path: "a.view", value: view, stage: 0, index: 0, kind: "test", layout: "NLC" });
    b.output(view, "a.view");
    b.output(b.op("MatMul", [a, b.initializer("w", float32([4, 3], rand(3, 12)))]), "logits", "float32", [1, 3]);
    const gg = buildGradGraph(b.build(), { taps: ["a.view"], classIndex: 1 });
    const xin = Float32Array.from([0.5, -1, 2, 0.25]);
    const out = await runOnnx(encodeModel(gg), { input: { dims: [1, 4], data: xin } });
    const wt = b.initializers.get("w")!.data as Float32Array;
    const ga = [0, 1, 2, 3].map((i) => wt[i * 3 + 1]); // d logits[0,1] / d a = W[:, 1]
    // The view is a [1,2,2] grid transposed: element (0, i, j) holds a[2j + i].
    expect(out["grad.a.view"].dims).toEqual([1, 2, 2]);
    const want = [ga[0], ga[2], ga[1], ga[3]].map(Math.fround);
    expect(Array.from(out["grad.a.view"].data), `${Array.from(out["grad.a.view"].data)} vs ${want}`).toEqual(want);
  });

  it("with seedInput, one graph serves every class: a fed seed row weights the class gradients", async () => {
    const g = chain("Relu");
    const feed = { input: { dims: [1, 4], data: Float32Array.from([0.5, -1, 2, 0.25]) } };
    const shared = encodeModel(buildGradGraph(g, { taps: ["a"], classIndex: 0, seedInput: true }));
    const perClass = await Promise.all([0, 1, 2].map(async (c) => (await runOnnx(encodeModel(buildGradGraph(g, { taps: ["a"], classIndex: c })), feed))["grad.a"].data));
    for (const c of [0, 1, 2]) {
      const seed = new Float32Array(3);
      seed[c] = 1;
      const out = await runOnnx(shared, { ...feed, [SEED_INPUT]: { dims: [1, 3], data: seed } });
      expect(Array.from(out["grad.a"].data)).toEqual(Array.from(perClass[c]));
    }
    const mixed = await runOnnx(shared, { ...feed, [SEED_INPUT]: { dims: [1, 3], data: Float32Array.from([0.5, -2, 1]) } });
    mixed["grad.a"].data.forEach((v, i) => expect(v).toBeCloseTo(0.5 * perClass[0][i] - 2 * perClass[1][i] + perClass[2][i], 6));
  });

  it("MaxPool sends a tied window's gradient to its first maximum in scan order, as PyTorch does", async () => {
    const b = new GraphBuilder("t");
    const x = b.input("input", "float32", [1, 1, 3, 4]);
    const p = b.op("MaxPool", [x], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 2]) }, "pool"); // [1,1,2,2]
    b.output(b.op("Reshape", [p, b.ints("s", [1, 4])]), "logits", "float32", [1, 4]);
    b.tap({ path: "input", value: x, stage: 0, index: 0, kind: "test", layout: "NCHW" });
    const xin = Float32Array.from([0, 0, 1, 1, 0, 0, 1, 0, 0, 2, 0, 0]); // windows: all zeros, ties at 1, {0,2}, {1,0,0,0}
    const grads = [];
    for (const c of [0, 1, 2, 3]) {
      const gg = buildGradGraph(b.build(), { taps: ["input"], classIndex: c });
      grads.push(Array.from((await runOnnx(encodeModel(gg), { input: { dims: [1, 1, 3, 4], data: xin } }))["grad.input"].data));
    }
    const onehot = (i: number) => Array.from({ length: 12 }, (_, j) => (j === i ? 1 : 0));
    // Window (row r, col c) covers rows r..r+1, cols 2c..2c+1; the first maximum in row-major order wins.
    expect(grads).toEqual([onehot(0), onehot(2), onehot(9), onehot(6)]);
  });
});
