// Every VJP rule against finite differences of the forward graph in onnxruntime-node (float32,
// 1e-3 relative). Inputs are kept away from kinks (ReLU at 0, HardSwish at ±3, max-pool ties).
import { describe, expect, it } from "vitest";
import type { GraphBuilder } from "../../lib/onnx/builder";
import { attr, float32, int64 } from "../../lib/onnx/ir";
import { awayFrom, distinct, fdCheck, rand, type Body } from "./grad-fd";

const TOL = 1e-3;
const w = (b: GraphBuilder, name: string, dims: number[], seed: number) =>
  b.initializer(name, float32(dims, rand(seed, dims.reduce((p, q) => p * q, 1))));

interface Case {
  name: string;
  dims: number[];
  body: Body;
  x?: (n: number) => Float32Array;
  eps?: number;
  ortShapes?: boolean;
}

const conv = (b: GraphBuilder, x: string, cin: number, cout: number, k: number[], a: Record<string, number[] | number>) =>
  b.op("Conv", [x, w(b, "cw", [cout, cin / ((a.group as number) ?? 1), ...k], 3)], {
    kernel_shape: attr.ints(k),
    ...Object.fromEntries(Object.entries(a).map(([n, v]) => [n, typeof v === "number" ? attr.int(v) : attr.ints(v)])),
  });

const cases: Case[] = [
  { name: "Conv 3x3 stride 2 pad 1 group 2 (ConvTranspose path)", dims: [1, 4, 9, 8], body: (b, x) => conv(b, x, 4, 6, [3, 3], { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }) },
  { name: "Conv 3x3 stride 1 asymmetric pads, dilation 2, group 2 (adjoint Conv path)", dims: [1, 4, 9, 8], body: (b, x) => conv(b, x, 4, 6, [3, 3], { pads: [2, 1, 1, 2], dilations: [2, 2], group: 2 }) },
  { name: "Conv 1x1 with bias", dims: [1, 5, 4, 4], body: (b, x) => b.op("Conv", [x, w(b, "cw", [3, 5, 1, 1], 4), w(b, "cb", [3], 5)]) },
  { name: "Conv depthwise stride 2 kernel 2 no pad", dims: [1, 3, 7, 7], body: (b, x) => conv(b, x, 3, 3, [2, 2], { strides: [2, 2], group: 3 }) },
  { name: "Gemm transB with bias", dims: [3, 5], body: (b, x) => b.op("Gemm", [x, w(b, "gw", [4, 5], 6), w(b, "gb", [4], 7)], { transB: attr.int(1), alpha: attr.float(0.7), beta: attr.float(1.3) }) },
  { name: "Gemm transA, x as both operands", dims: [4, 3], body: (b, x) => b.op("Gemm", [x, x], { transA: attr.int(1) }) },
  { name: "Gemm x as B with transB", dims: [2, 5], body: (b, x) => b.op("Gemm", [w(b, "ga", [3, 5], 8), x], { transB: attr.int(1) }) },
  { name: "MatMul with a constant 2-D weight (batched x)", dims: [2, 3, 4, 5], body: (b, x) => b.op("MatMul", [x, w(b, "mw", [5, 6], 9)]) },
  {
    name: "MatMul both operands active, broadcast batch axes",
    dims: [2, 3, 4],
    body: (b, x) => b.op("MatMul", [b.op("Reshape", [x, b.ints("s", [2, 1, 3, 4])]), b.op("Transpose", [x], { perm: attr.ints([0, 2, 1]) })]),
  },
  {
    name: "Add and Mul with broadcasting (activation and constant operands)",
    dims: [2, 3, 4],
    body: (b, x) => {
      const m = b.op("ReduceMean", [x], { axes: attr.ints([1]), keepdims: attr.int(1) });
      return b.op("Add", [b.op("Mul", [x, m]), b.op("Mul", [w(b, "c", [4], 10), m])]);
    },
  },
  {
    name: "Sub, Div, Sqrt, Neg with broadcasting",
    dims: [2, 3, 4],
    ortShapes: true,
    body: (b, x) => {
      const m = b.op("ReduceMean", [x], { axes: attr.ints([2]), keepdims: attr.int(1) });
      const den = b.op("Sqrt", [b.op("Add", [b.op("Mul", [m, m]), b.initializer("one", float32([], [1]))])]);
      return b.op("Neg", [b.op("Div", [b.op("Sub", [x, m]), den])]);
    },
  },
  { name: "Relu (fan-out into Mul: gradients accumulate)", dims: [2, 3, 5], x: (n) => awayFrom(11, n, [0], 0.1), eps: 0.05, body: (b, x) => b.op("Mul", [b.op("Relu", [x]), x]) },
  { name: "Softmax last axis", dims: [2, 3, 5], body: (b, x) => b.op("Softmax", [x], { axis: attr.int(-1) }) },
  { name: "Softmax axis 1", dims: [2, 4, 3], body: (b, x) => b.op("Softmax", [b.op("Mul", [x, b.initializer("t", float32([], [2]))])], { axis: attr.int(1) }) },
  { name: "AveragePool 1-D k4 s4 ceil_mode (partial last window)", dims: [1, 3, 13], body: (b, x) => b.op("AveragePool", [x], { kernel_shape: attr.ints([4]), strides: attr.ints([4]), ceil_mode: attr.int(1) }) },
  { name: "AveragePool 1-D k4 s4 floor (tail dropped)", dims: [1, 3, 14], body: (b, x) => b.op("AveragePool", [x], { kernel_shape: attr.ints([4]), strides: attr.ints([4]) }) },
  { name: "AveragePool 2-D k2 s2 ceil_mode, count_include_pad=0", dims: [1, 3, 7, 9], body: (b, x) => b.op("AveragePool", [x], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1), count_include_pad: attr.int(0) }) },
  { name: "AveragePool 2-D k3 s2 pad 1 ceil_mode (overlapping, matrix path)", dims: [1, 2, 8, 7], body: (b, x) => b.op("AveragePool", [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]), ceil_mode: attr.int(1) }) },
  { name: "AveragePool 2-D k3 s2 pad 1 count_include_pad=1", dims: [1, 2, 8, 7], body: (b, x) => b.op("AveragePool", [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]), count_include_pad: attr.int(1) }) },
  { name: "GlobalAveragePool", dims: [1, 4, 5, 3], body: (b, x) => b.op("Mul", [b.op("GlobalAveragePool", [x]), b.op("GlobalAveragePool", [x])]) },
  { name: "ReduceMean (attribute axes)", dims: [2, 3, 4], body: (b, x) => b.op("ReduceMean", [x], { axes: attr.ints([0, 2]), keepdims: attr.int(0) }) },
  { name: "ReduceSum (axes input)", dims: [2, 3, 4], ortShapes: true, body: (b, x) => b.op("ReduceSum", [x, b.ints("ax", [1])], { keepdims: attr.int(0) }) },
  { name: "Reshape + Transpose", dims: [2, 3, 4], body: (b, x) => b.op("Transpose", [b.op("Reshape", [x, b.ints("s", [4, 6])])], { perm: attr.ints([1, 0]) }) },
  { name: "Flatten axis 2", dims: [2, 3, 2, 2], body: (b, x) => b.op("Mul", [b.op("Flatten", [x], { axis: attr.int(2) }), w(b, "c", [4], 12)]) },
  { name: "Squeeze / Unsqueeze / Identity / Dropout", dims: [1, 3, 4], ortShapes: true, body: (b, x) => b.op("Dropout", [b.op("Identity", [b.op("Unsqueeze", [b.op("Squeeze", [x, b.ints("a", [0])]), b.ints("u", [1])])])]) },
  { name: "Concat of x and x*x on axis 1", dims: [2, 3, 4], body: (b, x) => b.op("Concat", [b.op("Mul", [x, x]), w(b, "c", [2, 2, 4], 13), x], { axis: attr.int(1) }) },
  {
    name: "Split into 3 (one output unused)",
    dims: [2, 6, 3],
    body: (b, x) => {
      const [p, , r] = b.node("Split", [x, b.ints("sp", [1, 2, 3])], { axis: attr.int(1) }, "split", 3);
      return b.op("Concat", [b.op("Mul", [p, p]), r], { axis: attr.int(1) });
    },
  },
  { name: "Slice with negative start", dims: [2, 5, 6], body: (b, x) => b.op("Slice", [x, b.ints("st", [1, -4]), b.ints("en", [4, 100]), b.ints("ax", [1, 2])]) },
  { name: "Slice with steps (LeViT subsampling x[:, ::2, ::2]) and an end past the extent", dims: [1, 5, 7, 3], body: (b, x) => b.op("Slice", [x, b.ints("st", [0, 1, 0]), b.ints("en", [5, 100, 3]), b.ints("ax", [1, 2, 3]), b.ints("sp", [2, 3, 2])]) },
  {
    name: "BatchNormalization (eval) 4-D and 3-D",
    dims: [1, 3, 4, 4],
    body: (b, x) => {
      const bn = (v: string, c: number, s: number) => b.op("BatchNormalization", [v, w(b, "g", [c], s), w(b, "be", [c], s + 1), w(b, "m", [c], s + 2), b.initializer("v", float32([c], rand(s + 3, c, 0.5, 2)))], { epsilon: attr.float(1e-3) });
      return bn(b.op("Reshape", [bn(x, 3, 20), b.ints("s", [1, 6, 8])]), 6, 30);
    },
  },
  { name: "HardSwish (away from ±3)", dims: [2, 3, 7], x: (n) => awayFrom(14, n, [-3, 3], 0.1, -5, 5), eps: 0.05, body: (b, x) => b.op("HardSwish", [x]) },
  {
    name: "Gather on activations (axis 0, repeated indices) and constant bias table",
    dims: [5, 4],
    body: (b, x) => {
      const g0 = b.op("Gather", [x, b.initializer("i", int64([2, 2], [0, 2, 2, -1]))], { axis: attr.int(0) });
      const bias = b.op("Gather", [w(b, "table", [2, 6], 15), b.initializer("j", int64([2, 4], [0, 1, 2, 5, 5, 4, 3, 0]))], { axis: attr.int(1) });
      return b.op("Add", [g0, bias]);
    },
  },
  { name: "Gather on activations, axis 1", dims: [2, 5, 3], body: (b, x) => b.op("Gather", [x, b.initializer("i", int64([3], [4, 0, 4]))], { axis: attr.int(1) }) },
  { name: "LayerNormalization last axis", dims: [2, 3, 8], body: (b, x) => b.op("LayerNormalization", [x, w(b, "g", [8], 16), w(b, "be", [8], 17)], { axis: attr.int(-1), epsilon: attr.float(1e-5) }) },
  { name: "LayerNormalization over axes 1..2", dims: [2, 3, 4], body: (b, x) => b.op("LayerNormalization", [x, w(b, "g", [3, 4], 18), w(b, "be", [3, 4], 19)], { axis: attr.int(1) }) },
  {
    name: "GELU written with Erf",
    dims: [2, 3, 5],
    body: (b, x) => {
      const e = b.op("Erf", [b.op("Mul", [x, b.initializer("r2", float32([], [Math.SQRT1_2]))])]);
      return b.op("Mul", [b.op("Mul", [x, b.initializer("h", float32([], [0.5]))]), b.op("Add", [e, b.initializer("one", float32([], [1]))])]);
    },
  },
  { name: "MaxPool 3x3 s2 pad 1 (ResNet stem)", dims: [1, 2, 9, 8], x: (n) => distinct(21, n), body: (b, x) => b.op("MaxPool", [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }) },
  { name: "MaxPool 2x2 s2 ceil_mode", dims: [1, 2, 7, 5], x: (n) => distinct(22, n), body: (b, x) => b.op("MaxPool", [x], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1) }) },
  { name: "MaxPool 3x3 s2 no pad (tail dropped)", dims: [1, 2, 8, 8], x: (n) => distinct(23, n), body: (b, x) => b.op("MaxPool", [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]) }) },
];

describe("VJP rules agree with finite differences (float32, 1e-3 relative)", () => {
  for (const c of cases)
    it(c.name, async () => {
      const n = c.dims.reduce((p, q) => p * q, 1);
      const x = c.x ? c.x(n) : rand(1234 + n, n);
      const r = await fdCheck(c.body, x, c.dims, { eps: c.eps ?? 1e-2, ortShapes: c.ortShapes });
      expect(r.pairs.every(([ours]) => ours !== 0)).toBe(true);
      expect(r.worst, JSON.stringify(r.pairs)).toBeLessThan(TOL);
    });
});
