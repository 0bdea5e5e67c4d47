// The worker starts onnxruntime-web's WASM runtime with a one-node model while it downloads the weights
// (lib/runtime/ort-warmup.ts). That model must be one ORT accepts and runs, or the warm-up would quietly do nothing
// (its failures are swallowed on purpose): checked here in onnxruntime-node, the same ONNX parser.
import { describe, expect, it } from "vitest";
import { runOnnx } from "../../lib/onnx/ort-node";
import { tinyModel } from "../../lib/runtime/ort-warmup";

describe("ORT warm-up model", () => {
  it("is a valid one-node ONNX model that ORT runs", async () => {
    const bytes = tinyModel();
    expect(bytes.byteLength).toBeLessThan(200);
    for (const [x, y] of [[-2, 0], [3, 3]]) {
      const out = await runOnnx(bytes, { x: { dims: [1], data: new Float32Array([x]) } });
      expect(Array.from(out.y.data)).toEqual([y]);
    }
  });
});
