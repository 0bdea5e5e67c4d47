import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { numel } from "../onnx/ir";
import { expNeg, ln, randomStateDict, Rng } from "./random";
import type { ParamSpec } from "./types";

function specFromTsv(path: string): ParamSpec[] {
  return readFileSync(path, "utf8").trim().split("\n").slice(1).map((line) => {
    const [key, , shape] = line.split("\t");
    return { key, shape: JSON.parse(shape) as number[] };
  });
}

function moments(d: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of d) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), min, max };
}

const small = specFromTsv("tests/fixtures/keys/nextvit_small_keys.tsv");
let sdSmall: ReturnType<typeof randomStateDict> | undefined;
// One full Next-ViT-S draw (32 M values) shared by the tests that need the whole spec.
const fullSmall = () => (sdSmall ??= randomStateDict(small, 3));

describe("randomStateDict", () => {
  it("is deterministic per seed and per key, whatever the spec order", () => {
    // A slice of the S spec keeps this quick; order independence is what is tested.
    const part = small.filter((p) => /^(stem|features\.(0|16)\.|proj_head)/.test(p.key));
    const a = randomStateDict(part, 7);
    const b = randomStateDict([...part].reverse(), 7);
    const c = randomStateDict(part, 8);
    for (const k of ["stem.0.conv.weight", "features.16.e_mhsa.q.weight", "proj_head.0.weight"]) {
      expect(b.get(k)!.data, k).toEqual(a.get(k)!.data);
      expect(c.get(k)!.data).not.toEqual(a.get(k)!.data);
    }
  });

  it("covers the spec with the right shapes and dtypes", () => {
    const sd = fullSmall();
    expect([...sd.keys()]).toEqual(small.map((p) => p.key));
    for (const p of small) {
      const t = sd.get(p.key)!;
      expect(t.dims).toEqual(p.shape);
      expect(t.data.length).toBe(numel(p.shape));
      expect(t.dtype).toBe(p.key.endsWith("num_batches_tracked") ? "int64" : "float32");
    }
  });

  it("follows the fixtures' recipe key by key", () => {
    const sd = fullSmall();
    const f = (k: string) => sd.get(k)!.data as Float32Array;
    // conv/linear ~ N(0, 1/fan_in)
    for (const [k, fanIn] of [["features.19.mlp.conv1.weight", 1024], ["stem.0.conv.weight", 27], ["proj_head.0.weight", 1024]] as const) {
      const m = moments(f(k));
      expect(Math.abs(m.mean)).toBeLessThan(0.05 / Math.sqrt(fanIn) + 0.01);
      expect(m.std * Math.sqrt(fanIn)).toBeGreaterThan(0.97);
      expect(m.std * Math.sqrt(fanIn)).toBeLessThan(1.03);
    }
    const gamma = moments(f("norm.weight"));
    expect(gamma.min).toBeGreaterThanOrEqual(0.7);
    expect(gamma.max).toBeLessThan(1.3);
    expect(gamma.std).toBeCloseTo(0.6 / Math.sqrt(12), 1);
    expect(moments(f("norm.bias")).std).toBeCloseTo(0.1, 1);
    expect(f("features.19.mlp.conv1.bias").every((v) => v === 0)).toBe(true);
    expect(f("norm.running_mean").every((v) => v === 0)).toBe(true);
    expect(f("norm.running_var").every((v) => v === 1)).toBe(true);
    expect(sd.get("norm.num_batches_tracked")!.data).toEqual(new BigInt64Array(1));
    const other = randomStateDict([{ key: "blocks.0.m.attention_biases", shape: [100, 400] }], 0);
    expect(moments(other.get("blocks.0.m.attention_biases")!.data as Float32Array).std).toBeCloseTo(0.5, 2);
  });

  it("draws standard normals with the right moments", () => {
    const x = new Float32Array(1_000_000);
    new Rng(42).normals(x, 1);
    let m1 = 0, m2 = 0, m4 = 0, tail = 0, farTail = 0;
    for (const v of x) {
      m1 += v; m2 += v * v; m4 += v ** 4;
      if (Math.abs(v) > 1.959964) tail++;
      if (Math.abs(v) > 3.5) farTail++; // beyond the ziggurat's base strip (R = 3.44)
    }
    // P(|Z| > 3.5) = 4.65e-4: 465 expected, sd ~22.
    expect(farTail).toBeGreaterThan(380);
    expect(farTail).toBeLessThan(550);
    expect(Math.abs(m1 / x.length)).toBeLessThan(0.005);
    expect(m2 / x.length).toBeCloseTo(1, 2);
    expect(m4 / x.length).toBeCloseTo(3, 1);
    expect(tail / x.length).toBeCloseTo(0.05, 2);
  });

  it("computes ln from arithmetic alone, matching Math.log", () => {
    for (const x of [1e-19, 2 ** -60, 1e-5, 0.1, 0.5, 0.70710678, 0.7071068, 0.9, 0.999999, 1, 1.41421356, 1.5, 1e10]) {
      expect(Math.abs(ln(x) - Math.log(x)), String(x)).toBeLessThan(1e-9 * Math.max(1, Math.abs(Math.log(x))));
    }
    for (const x of [0, -1e-9, -0.3, -1, -5.93, -20, -100, -700]) {
      expect(Math.abs(expNeg(x) - Math.exp(x)), String(x)).toBeLessThan(1e-13 * Math.exp(x));
    }
    // Same bits on every engine needs no implementation-approximated Math functions in the sampler.
    const src = readFileSync("lib/checkpoint/random.ts", "utf8");
    expect(src).not.toMatch(/Math\.(log|exp|sin|cos|pow|random)\b|\s\*\*\s/);
  });
});
