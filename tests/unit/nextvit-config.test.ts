// Architecture-as-data: official key layout and counts for S/B/L, the r ends, hybrid
// strategies and odd input sizes building and running (folded = unfolded).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { randomStateDict } from "../../lib/checkpoint/random";
import type { StateDict } from "../../lib/checkpoint/types";
import {
  type NextViTConfig, buildNextViT, configFromJson, countMacs, countParams, listTaps, nextvitConfig,
  nextvitParamSpec, nextvitPreset, ntbSplit, planNextViT, strategyConfig,
} from "../../lib/nextvit";
import { encodeModel } from "../../lib/onnx/encode";
import { inferShapes } from "../../lib/onnx/shapes";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

describe("presets S/B/L", () => {
  const cases = [
    ["S", "small", 31_763_368, 5.8],
    ["B", "base", 44_818_856, 8.3],
    ["L", "large", 57_874_344, 10.8],
  ] as const;
  for (const [name, file, params, gmacs] of cases)
    it(`${name}: official keys and shapes in order, ${params} params, ~${gmacs} GMACs at 224²`, () => {
      const cfg = nextvitPreset(name);
      const rows = readFileSync(`tests/fixtures/keys/nextvit_${file}_keys.tsv`, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
      expect(nextvitParamSpec(cfg).map((s) => [s.key, JSON.stringify(s.shape)])).toEqual(rows.map((r) => [r[0], r[2].replace(/ /g, "")]));
      expect(countParams(cfg)).toBe(params);
      expect(Math.abs(countMacs(cfg, 224, 224) / 1e9 / gmacs - 1)).toBeLessThan(0.02);
    });
});

describe("shrink ratio r", () => {
  it("follows the official split inside (0,1) and degrades to one branch at the ends", () => {
    expect([256, 512, 1024].map((c) => ntbSplit(c, 0.75))).toEqual([{ mhsa: 192, mhca: 64 }, { mhsa: 384, mhca: 128 }, { mhsa: 768, mhca: 256 }]);
    expect(ntbSplit(512, 0)).toEqual({ mhsa: 0, mhca: 512 });
    expect(ntbSplit(512, 1)).toEqual({ mhsa: 512, mhca: 0 });
    expect(ntbSplit(256, 0.5)).toEqual({ mhsa: 128, mhca: 128 });
    expect(() => ntbSplit(256, 1.5)).toThrow(/\[0, 1\]/);
  });
  it("has only the taps of the branches that exist", () => {
    const paths = (r: number) => listTaps(nextvitPreset("S", { mixBlockRatio: r })).map((t) => t.path).filter((p) => p.startsWith("features.6"));
    expect(paths(0.75)).toEqual(["features.6.e_mhsa", "features.6.mhca", "features.6"]);
    expect(paths(0)).toEqual(["features.6.mhca", "features.6"]);
    expect(paths(1)).toEqual(["features.6.e_mhsa", "features.6"]);
  });
});

describe("hybrid strategies", () => {
  it("places NTBs as named", () => {
    expect(strategyConfig("C-C-C-T").stages).toEqual(["CCC", "CCCC", "C".repeat(10), "TTT"]);
    expect(strategyConfig("C-T-T-T").stages).toEqual(["CCC", "TTTT", "T".repeat(10), "TTT"]);
    expect(strategyConfig("NHS-N3").stages[2]).toBe("CCCTCCCTCCCT");
    expect(strategyConfig("NHS-N2-L2").stages).toEqual(["CCC", "CCCT", "CCTCCT", "CCT"]);
    expect(() => strategyConfig("T-T")).toThrow(/unknown hybrid strategy/);
  });
  it("keeps the official channel plumbing (NTB→NCB 512→384 in stage 3)", () => {
    const plan = planNextViT(nextvitPreset("S"));
    expect(plan[12]).toMatchObject({ kind: "NCB", inCh: 512, outCh: 384 });
    expect(plan.filter((b) => b.kind === "NTB").map((b) => b.index)).toEqual([6, 11, 16, 19]);
  });
});

// Random weights plus non-trivial BN statistics, so folding has something to fold.
function weights(cfg: NextViTConfig, seed: number): StateDict {
  const sd = randomStateDict(nextvitParamSpec(cfg), seed);
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (const [k, t] of sd) {
    if (k.endsWith("running_mean")) t.data = Float32Array.from(t.data as Float32Array, () => (rnd() - 0.5) * 0.4);
    if (k.endsWith("running_var")) t.data = Float32Array.from(t.data as Float32Array, () => 0.5 + rnd());
  }
  return sd;
}

async function runBoth(cfg: NextViTConfig, h: number, w: number) {
  const sd = weights(cfg, 7);
  const input = { dims: [1, 3, h, w], data: Float32Array.from({ length: 3 * h * w }, (_, i) => Math.sin(i * 0.013) + Math.cos(i * 0.0007)) };
  const graph = buildNextViT(cfg, sd, { height: h, width: w, taps: "all" });
  const plain = await runOnnx(encodeModel(graph), { input });
  const folded = await runOnnx(encodeModel(buildNextViT(cfg, sd, { height: h, width: w, taps: "all", fold: true })), { input });
  const shapes = inferShapes(graph);
  for (const [name, t] of Object.entries(plain)) {
    expect(shapes.get(name), name).toEqual(t.dims);
    expect(t.data.every(Number.isFinite), name).toBe(true);
    expect(maxRelErr(folded[name].data, t.data), name).toBeLessThan(1e-4);
  }
  return plain;
}

const small = (o: Partial<NextViTConfig> & { depths?: number[] } = {}) => nextvitConfig("t", [1, 1, 5, 1], { numClasses: 7, ...o });

describe("variants build and run in onnxruntime-node (folded = unfolded)", () => {
  it("r = 0 (MHCA only) and r = 1 (E-MHSA only)", async () => {
    for (const r of [0, 1]) {
      const out = await runBoth(small({ mixBlockRatio: r }), 64, 64);
      expect(out.logits.dims).toEqual([1, 7]);
      expect(out["features.7"].dims).toEqual([1, 1024, 2, 2]);
    }
  });
  it("C-T-T-T and an NTB in stage 1 (sr 8)", async () => {
    const cfg = { ...small(), stages: ["CT", "TT", "TCT", "T"] };
    const out = await runBoth(cfg, 64, 64);
    expect(out["features.1"].dims).toEqual([1, 128, 16, 16]);
    expect(out["features.1.e_mhsa"].dims).toEqual([1, 96, 16, 16]);
  });
  it("odd and smallest input sizes (ceil-mode pooling, token tails dropped)", async () => {
    const out = await runBoth(small(), 33, 45);
    expect(out.stem.dims).toEqual([1, 64, 9, 12]);
    expect(out["features.7"].dims).toEqual([1, 1024, 2, 2]);
    expect((await runBoth(small(), 32, 32)).logits.dims).toEqual([1, 7]);
  });
  it("rejects sizes below 32 and unknown taps with a message naming them", () => {
    const cfg = small();
    const sd = weights(cfg, 1);
    expect(() => buildNextViT(cfg, sd, { height: 31, width: 64 })).toThrow(/≥ 32/);
    expect(() => buildNextViT(cfg, sd, { height: 64, width: 64, taps: ["features.99"] })).toThrow(/unknown tap "features.99"/);
  });
});

describe("configFromJson", () => {
  it("takes presets, snake_case fields and strategies, and names a bad field", () => {
    expect(configFromJson({ preset: "B" }).stages[2]).toBe("CCCCT".repeat(4));
    expect(configFromJson({ depths: [1, 1, 5, 1], mix_block_ratio: 0.5, num_classes: 3 })).toMatchObject({ mixBlockRatio: 0.5, numClasses: 3 });
    expect(configFromJson({ strategy: "C-C-T-T" }).stages[2]).toBe("T".repeat(10));
    expect(() => configFromJson({ mix_block_ratio: 2 })).toThrow(/mix_block_ratio/);
    expect(() => configFromJson({ depths: [3, 4, 7, 3] })).toThrow(/multiple of 5/);
  });
});
