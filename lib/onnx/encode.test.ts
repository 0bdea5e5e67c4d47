import { describe, expect, it } from "vitest";
import { GraphBuilder } from "./builder";
import { encodeModel } from "./encode";
import { attr, float32 } from "./ir";
import { runOnnx } from "../../tests/helpers/ort-node";

// Deterministic pseudo-random values without a dependency.
function lcg(seed: number, n: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// Direct definition of a strided, padded, grouped 2-D convolution + ReLU.
function convRelu(x: Float32Array, [n, c, h, w]: number[], wt: Float32Array, [o, ci, kh, kw]: number[], b: Float32Array, stride: number, pad: number, groups: number) {
  const oh = Math.floor((h + 2 * pad - kh) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - kw) / stride) + 1;
  const out = new Float32Array(n * o * oh * ow);
  const opg = o / groups;
  for (let oc = 0; oc < o; oc++) {
    const g = Math.floor(oc / opg);
    for (let y = 0; y < oh; y++)
      for (let xo = 0; xo < ow; xo++) {
        let s = b[oc];
        for (let ic = 0; ic < ci; ic++)
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = y * stride - pad + ky, ix = xo * stride - pad + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              s += x[((g * ci + ic) * h + iy) * w + ix] * wt[((oc * ci + ic) * kh + ky) * kw + kx];
            }
        out[(oc * oh + y) * ow + xo] = Math.max(0, s);
      }
  }
  void c;
  return { data: out, dims: [n, o, oh, ow] };
}

describe("encodeModel", () => {
  it("Conv→Relu runs in onnxruntime-node with the defined numbers", async () => {
    const xd = [1, 4, 9, 7], wd = [6, 2, 3, 3];
    const x = lcg(1, 4 * 9 * 7), w = lcg(2, 6 * 2 * 9), b = lcg(3, 6);
    const g = new GraphBuilder("t");
    const inp = g.input("input", "float32", xd);
    const conv = g.op("Conv", [inp, g.initializer("conv.weight", float32(wd, w)), g.initializer("conv.bias", float32([6], b))], {
      kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]), group: attr.int(2),
    }, "conv");
    g.output(g.op("Relu", [conv], {}, "act"), "out");
    const res = await runOnnx(encodeModel(g.build()), { input: { dims: xd, data: x } });
    const ref = convRelu(x, xd, w, wd, b, 2, 1, 2);
    expect(res.out.dims).toEqual(ref.dims);
    let maxErr = 0;
    for (let i = 0; i < ref.data.length; i++) maxErr = Math.max(maxErr, Math.abs(res.out.data[i] - ref.data[i]));
    expect(maxErr).toBeLessThan(1e-5);
    expect(ref.data.some((v) => v > 0) && ref.data.some((v) => v === 0)).toBe(true);
  });

  it("makes node names unique and keeps the producer's name when exposing an output", () => {
    const g = new GraphBuilder("t");
    const a = g.op("Relu", [g.input("input", "float32", [1])], {}, "x");
    const b = g.op("Relu", [a], {}, "x");
    expect([a, b]).toEqual(["x", "x_1"]);
    g.output(b, "y");
    const graph = g.build();
    expect(graph.nodes.at(-1)).toMatchObject({ op: "Identity", inputs: ["x_1"], outputs: ["y"] });
  });
});
