import { describe, expect, it } from "vitest";
import { ARCHITECTURES, architecture } from "../../lib/baselines/registry";
import { randomStateDict } from "../../lib/checkpoint/random";
import { inferShapes } from "../../lib/onnx/shapes";
import { encodeModel } from "../../lib/onnx/encode";
import { runOnnx } from "../helpers/ort-node";

// Published / timm parameter counts of the 1000-class models. Swin-T with window 5 at 160 px has no published
// model: timm's count for that configuration (bias tables of 9² instead of 13² offsets; with 10 classes it is the
// 27,514,900 of tests/fixtures/swin-t-mini, checked with timm).
const PUBLISHED: Record<string, number> = {
  "levit-128s": 7_777_058, "levit-128": 9_213_936, "levit-192": 10_947_069, "levit-256": 18_893_876,
  "levit-384": 39_128_836, resnet50: 25_557_032, "swin-t": 28_288_354, "swin-t-w5": 28_276_210,
};

describe("architecture registry", () => {
  it("lists every comparison model with its published parameter count", () => {
    expect(Object.fromEntries(ARCHITECTURES.map((a) => [a.id, a.params]))).toEqual(PUBLISHED);
    expect(() => architecture("vgg16")).toThrow(/choose one of levit-128s/);
  });

  it.each(ARCHITECTURES.map((a) => a.id))("%s builds at its smallest size with every tap as an output", (id) => {
    const a = architecture(id);
    const size = Math.min(...a.sizes);
    const sd = randomStateDict(a.paramSpec(10, size), 1);
    const g = a.build(sd, { size, numClasses: 10, taps: "all" });
    const shapes = inferShapes(g);
    expect(shapes.get("logits")).toEqual([1, 10]);
    const taps = a.listTaps(size).map((t) => t.path);
    expect(g.outputs.map((o) => o.name).sort()).toEqual([...taps, "logits"].sort());
  });

  it("runs LeViT-128S at 128 px with bias tables built for that size", async () => {
    const a = architecture("levit-128s");
    const sd = randomStateDict(a.paramSpec(10, 128), 2);
    expect(sd.get("blocks.0.m.attention_biases")!.dims).toEqual([4, 64]);
    const out = await runOnnx(encodeModel(a.build(sd, { size: 128, numClasses: 10, taps: ["blocks.21"] })), {
      input: { dims: [1, 3, 128, 128], data: new Float32Array(3 * 128 * 128).map((_, i) => Math.sin(i)) },
    });
    expect(out["blocks.21"].dims).toEqual([1, 4, 384]);
    expect(out.logits.data.every(Number.isFinite)).toBe(true);
  });
});
