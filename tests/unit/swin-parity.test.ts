import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildSwin, countSwinParams, listSwinTaps, swinParamSpec, swinPreset } from "../../lib/baselines/swin";
import { relativePositionIndex, shiftMask } from "../../lib/baselines/swin-window";
import { relMaxError } from "../../lib/baselines/compare";
import { detectSwinLayout, toTimmSwin } from "../../lib/baselines/swin-keys";
import type { Tensor } from "../../lib/onnx/ir";
import { encodeModel } from "../../lib/onnx/encode";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/swin-t-mini";
const weights = readSafetensors(readFileSync(`${DIR}/swin-t-mini.timm.safetensors`)).tensors;
const io = readSafetensors(readFileSync(`${DIR}/swin-t-mini.io.160x160.safetensors`)).tensors;
const cfg = swinPreset("T", { numClasses: 10, window: 5, imgSize: 160 });

describe("Swin-T (timm layout) against float64 PyTorch references", () => {
  it("has timm's parameter count and the fixture's key set", () => {
    expect(countSwinParams(swinPreset("T"))).toBe(28_288_354);
    const spec = swinParamSpec(cfg).map((p) => `${p.key} [${p.shape}]`).sort();
    expect([...weights].map(([k, t]) => `${k} [${t.dims}]`).sort()).toEqual(spec);
  });

  it("builds timm's constant tables: relative index corners and a mask that only separates regions", () => {
    const idx = relativePositionIndex(5);
    // position 0 vs 24 is offset (-4, -4) → row 0, col 0; 24 vs 0 is (+4, +4) → the last entry
    expect(idx[0 * 25 + 24]).toBe(0);
    expect(idx[24 * 25 + 0]).toBe(80);
    expect(idx[12 * 25 + 12]).toBe(40);
    const mask = shiftMask(10, 10, 5, 2);
    const n = 25;
    expect(mask.slice(0, n * n).every((v) => v === 0)).toBe(true); // top-left window: one region
    const last = mask.slice(3 * n * n, 4 * n * n);
    // bottom-right window holds regions of 3x3, 3x2, 2x3 and 2x2 tokens: 81+36+36+16 same-region pairs
    expect(last.filter((v) => v === -100).length).toBe(625 - 169);
    // bottom-left window: rows split 3/2, columns whole: 15² + 10² same-region pairs
    expect(mask.slice(2 * n * n, 3 * n * n).filter((v) => v === -100).length).toBe(625 - 325);
  });

  it("matches logits and every tap within 1e-4·max|ref|", async () => {
    const graph = buildSwin(cfg, weights, { height: 160, width: 160, taps: "all" });
    const input = io.get("input")!;
    const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
    const taps = listSwinTaps(cfg, 160, 160).map((t) => t.path);
    expect(taps.length).toBe(17);
    for (const name of [...taps, "logits"]) {
      const ref = io.get(name)!;
      expect(out[name].data.length, name).toBe(ref.data.length);
      expect(relMaxError(out[name].data, ref.data as Float32Array), name).toBeLessThan(1e-4);
    }
  }, 120_000);
});

describe("Swin key layouts", () => {
  it("reads Microsoft's original layout (downsample at the end of a stage, plain head, saved buffers)", async () => {
    const official = new Map<string, Tensor>();
    for (const [k, t] of weights) {
      const m = /^layers\.(\d+)\.downsample\.(.*)$/.exec(k);
      official.set(m ? `layers.${Number(m[1]) - 1}.downsample.${m[2]}` : k.replace("head.fc.", "head."), t);
    }
    official.set("layers.0.blocks.1.attn_mask", { dtype: "float32", dims: [64, 25, 25], data: new Float32Array(64 * 625) });
    official.set("layers.0.blocks.0.attn.relative_position_index", { dtype: "int64", dims: [25, 25], data: new BigInt64Array(625) });
    expect(detectSwinLayout(official.keys())).toBe("official");
    const timm = toTimmSwin(official);
    expect([...timm.keys()].sort()).toEqual([...weights.keys()].sort());
    const input = io.get("input")!;
    const out = await runOnnx(encodeModel(buildSwin(cfg, timm, { height: 160, width: 160 })), { input: { dims: input.dims, data: input.data as Float32Array } });
    expect(relMaxError(out.logits.data, io.get("logits")!.data as Float32Array)).toBeLessThan(1e-4);
  }, 120_000);
});
