import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildResNet, countResNetParams, listResNetTaps, resnetParamSpec, resnetPreset } from "../../lib/baselines/resnet";
import { relMaxError } from "../../lib/baselines/compare";
import { encodeModel } from "../../lib/onnx/encode";
import { foldBatchNorm } from "../../lib/onnx/passes/fold-bn";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/resnet50-mini";
const weights = readSafetensors(readFileSync(`${DIR}/resnet50-mini.timm.safetensors`)).tensors;
const io = readSafetensors(readFileSync(`${DIR}/resnet50-mini.io.160x160.safetensors`)).tensors;
const cfg = resnetPreset(50, { numClasses: 10 });

async function run(fold: boolean | "pass", taps: "all" | string[]) {
  const built = buildResNet(cfg, weights, { height: 160, width: 160, taps, fold: fold === true });
  const graph = fold === "pass" ? foldBatchNorm(built) : built;
  if (fold === "pass") expect(graph.nodes.some((n) => n.op === "BatchNormalization")).toBe(false);
  const input = io.get("input")!;
  return runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
}

describe("ResNet-50 (timm layout) against float64 PyTorch references", () => {
  it("has timm's parameter count and key set", () => {
    expect(countResNetParams(resnetPreset(50))).toBe(25_557_032);
    const spec = resnetParamSpec(cfg).map((p) => `${p.key} [${p.shape}]`).sort();
    const keys = [...weights].map(([k, t]) => `${k} [${t.dims}]`).sort();
    expect(keys).toEqual(spec);
  });

  it("matches logits and every tap within 1e-4·max|ref| (BN folded)", async () => {
    const out = await run(true, "all");
    const taps = listResNetTaps(cfg).map((t) => t.path);
    expect(taps.length).toBe(17);
    for (const name of [...taps, "logits"]) {
      const ref = io.get(name)!;
      expect(out[name].dims).toEqual(ref.dims);
      const err = relMaxError(out[name].data, ref.data as Float32Array);
      expect(err, name).toBeLessThan(1e-4);
    }
  }, 120_000);

  it("matches logits with BatchNormalization nodes left in the graph", async () => {
    const out = await run(false, []);
    expect(relMaxError(out.logits.data, io.get("logits")!.data as Float32Array)).toBeLessThan(1e-4);
  }, 120_000);

  it("leaves BatchNormalization nodes the compiler's foldBatchNorm pass folds away", async () => {
    const out = await run("pass", ["layer4.2"]);
    expect(relMaxError(out["layer4.2"].data, io.get("layer4.2")!.data as Float32Array)).toBeLessThan(1e-4);
    expect(relMaxError(out.logits.data, io.get("logits")!.data as Float32Array)).toBeLessThan(1e-4);
  }, 120_000);
});
