import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { channelMap, mapGeometry, shapeLabel, tapStats } from "@/lib/runtime/tap-stats";
import { softmaxTopK } from "@/lib/runtime/labels";
import { toLabError, labErrors } from "@/lib/runtime/errors";
import { CheckpointError } from "@/lib/checkpoint/errors";
import type { TapInfo } from "@/lib/onnx/ir";

const nchw: TapInfo = { path: "features.0", value: "v", stage: 0, index: 0, kind: "NCB", layout: "NCHW" };

describe("tap statistics", () => {
  it("agree with a float64 two-pass computation", () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const data = Float32Array.from(xs);
        const vals = Array.from(data);
        const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
        const std = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
        const amax = Math.max(...vals.map(Math.abs));
        const s = tapStats(data);
        expect(s.mean).toBeCloseTo(mean, 6);
        expect(s.std).toBeCloseTo(std, 6);
        expect(s.min).toBe(Math.min(...vals));
        expect(s.max).toBe(Math.max(...vals));
        expect(s.nearZero).toBe(vals.filter((v) => Math.abs(v) <= amax * 0.01).length / vals.length);
      }),
      { numRuns: 200 },
    );
  });

  it("channel maps read NCHW planes and NLC tokens on their grid", () => {
    const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    expect(Array.from(channelMap(nchw, [1, 2, 3, 4], data, 1))).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    const nlc: TapInfo = { ...nchw, layout: "NLC", grid: [3, 4] };
    expect(mapGeometry(nlc, [1, 12, 2])).toEqual({ channels: 2, height: 3, width: 4 });
    expect(Array.from(channelMap(nlc, [1, 12, 2], data, 1))).toEqual(Array.from({ length: 12 }, (_, p) => 2 * p + 1));
    expect(shapeLabel([1, 96, 56, 56])).toBe("96×56²");
    expect(shapeLabel([1, 64, 28, 14])).toBe("64×28×14");
  });

  it("top-k softmax is ordered and sums to at most 1, even for huge logits", () => {
    const logits = Float32Array.from([2000, -5, 1999, 3, 0]);
    const top = softmaxTopK(logits, 3);
    expect(top.map((t) => t.index)).toEqual([0, 2, 3]);
    expect(top[0].prob / top[1].prob).toBeCloseTo(Math.E, 5);
    expect(top.reduce((a, t) => a + t.prob, 0)).toBeLessThanOrEqual(1 + 1e-12);
  });

  it("turns thrown things into typed lab errors with remedies", () => {
    expect(toLabError(new RangeError("Array buffer allocation failed"), "compiling").code).toBe("LAB203");
    const ck = toLabError(new CheckpointError("LAB107", "proj_head.0.weight is [10, 1024]", { tensor: "proj_head.0.weight" }), "loading");
    expect(ck.code).toBe("LAB205");
    expect(ck.message).toContain("LAB107");
    expect(ck.remedy).toMatch(/configuration/);
    expect(toLabError(labErrors.unreadableImage("x"), "run").code).toBe("LAB204");
    expect(toLabError(new Error("boom"), "running").code).toBe("LAB207");
  });
});
