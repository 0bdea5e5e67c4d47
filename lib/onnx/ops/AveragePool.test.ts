// PyTorch semantics the builder relies on, checked against direct definitions:
// AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) and AvgPool1d(k, k) (floor).
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder";
import { encodeModel } from "../encode";
import { attr } from "../ir";
import { inferShapes } from "../shapes";
import { runOnnx } from "../../../tests/helpers/ort-node";

async function pool(dims: number[], data: Float32Array, attrs: Parameters<GraphBuilder["op"]>[2]) {
  const g = new GraphBuilder("pool");
  g.output(g.op("AveragePool", [g.input("input", "float32", dims)], attrs, "p"), "out");
  const graph = g.build();
  const out = await runOnnx(encodeModel(graph), { input: { dims, data } });
  expect(inferShapes(graph).get("out")).toEqual(out.out.dims);
  return out.out;
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) * 10);

describe("AveragePool", () => {
  it("2-D ceil mode divides edge windows by their in-bounds size", async () => {
    const [c, h, w] = [2, 5, 7];
    const x = ramp(c * h * w);
    const out = await pool([1, c, h, w], x, { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1), count_include_pad: attr.int(0) });
    expect(out.dims).toEqual([1, c, 3, 4]);
    for (let ch = 0; ch < c; ch++)
      for (let oy = 0; oy < 3; oy++)
        for (let ox = 0; ox < 4; ox++) {
          let s = 0, n = 0;
          for (let y = 2 * oy; y < Math.min(2 * oy + 2, h); y++)
            for (let xx = 2 * ox; xx < Math.min(2 * ox + 2, w); xx++) (s += x[(ch * h + y) * w + xx]), n++;
          expect(out.data[(ch * 3 + oy) * 4 + ox]).toBeCloseTo(s / n, 5);
        }
  });
  it("1-D floor mode drops the tail of the token sequence", async () => {
    const [c, n, k] = [3, 23, 4];
    const x = ramp(c * n);
    const out = await pool([1, c, n], x, { kernel_shape: attr.ints([k]), strides: attr.ints([k]) });
    expect(out.dims).toEqual([1, c, 5]);
    for (let ch = 0; ch < c; ch++)
      for (let o = 0; o < 5; o++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += x[ch * n + o * k + j];
        expect(out.data[ch * 5 + o]).toBeCloseTo(s / k, 5);
      }
  });
});

describe("op registry", () => {
  it("names an op without a shape rule", () => {
    const g = new GraphBuilder("bad");
    g.output(g.op("FancyOp", [g.input("input", "float32", [1])], {}, "f"));
    expect(() => inferShapes(g.build())).toThrow(/unknown op "FancyOp"/);
  });
});
