// Swin-T gradients (LayerNorm, Erf-GELU, shifted-window rolls, shift mask, bias Gather, patch
// merging) against float64 PyTorch autograd in the swin-t-mini fixture, at every tap.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildSwin, listSwinTaps, swinPreset } from "../../lib/baselines/swin";
import type { Tensor } from "../../lib/onnx/ir";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../helpers/ort-node";
import { expectGradParity } from "./grad-parity";

const DIR = "tests/fixtures/swin-t-mini";

describe("Swin-T gradients match PyTorch autograd (swin-t-mini)", () => {
  it("every tap, relative L2 <= 3e-2 and CAM weights <= 1e-2·max", async () => {
    const cfg = swinPreset("T", { numClasses: 10, window: 5, imgSize: 160 });
    const sd = readSafetensors(readFileSync(`${DIR}/swin-t-mini.timm.safetensors`)).tensors;
    const io = readSafetensors(readFileSync(`${DIR}/swin-t-mini.io.160x160.safetensors`));
    const taps = listSwinTaps(cfg, 160, 160);
    const graph = buildGradGraph(buildSwin(cfg, sd, { height: 160, width: 160, taps: "all" }), { taps: taps.map((t) => t.path), classIndex: Number(io.metadata.target_class) });
    const input = io.tensors.get("input")!;
    const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
    // The fixture keeps timm's NHWC [1, H, W, C]; our taps are the same values as tokens [1, H·W, C].
    const refs = new Map<string, Tensor>();
    for (const t of taps) {
      const r = io.tensors.get(`grad.${t.path}`)!;
      expect(r.dims.slice(1, 3), t.path).toEqual(t.grid);
      refs.set(`grad.${t.path}`, { ...r, dims: [1, r.dims[1] * r.dims[2], r.dims[3]] });
    }
    const worst = expectGradParity(out, refs, taps.map((t) => t.path));
    console.log(`swin grad parity: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)}·max|ref|`);
  }, 180_000);
});
