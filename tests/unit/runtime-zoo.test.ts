// The zoo's manifest entries build through the worker's own path (compileEntry) and give the
// logits of the registry's direct build on the same seeded weights; every tap is something
// lib/analysis accepts, and LeViT also hands over its attention maps and bias tables. Trained zoo
// entries (issue 16) carry their file's sha256, the lab's Imagenette accuracy and their training log.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { compileEntry } from "@/lib/runtime/build-model";
import { LEVIT_BIAS_PREFIX } from "@/lib/runtime/build-zoo";
import { parseManifest, type BaselineEntry } from "@/lib/runtime/manifest";
import { architecture } from "@/lib/baselines/registry";
import { buildSwin, swinParamSpec, swinPreset } from "@/lib/baselines/swin";
import { randomStateDict } from "@/lib/checkpoint/random";
import { levitPreset } from "@/lib/levit/config";
import { levitParamSpec } from "@/lib/levit/keys";
import { encodeModel } from "@/lib/onnx/encode";
import { toPlanes } from "@/lib/analysis/activation";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const zoo = manifest.models.filter((m): m is BaselineEntry => m.family !== "nextvit" && m.weights.kind === "random");
const trained = manifest.models.filter((m): m is BaselineEntry => m.family !== "nextvit" && m.weights.kind === "file");

/** The registry architecture an entry compiles to: the untrained Swin-T names "swin-t" + window 5, a trained one "swin-t-w5". */
const registryArch = (e: BaselineEntry) => (e.arch === "swin-t" && (e.config as { window?: number }).window === 5 ? "swin-t-w5" : e.arch);

function image(size: number): Float32Array {
  const x = new Float32Array(3 * size * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011);
  return x;
}

/** The registry's own build on the entry's seeded weights (Swin with a window: its builder directly). */
function directOnnx(e: BaselineEntry, size: number): Uint8Array {
  const seed = e.weights.kind === "random" ? e.weights.seed : -1;
  const window = (e.config as { window?: number }).window;
  if (e.family === "swin" && window) {
    const cfg = swinPreset("T", { window, imgSize: size });
    return encodeModel(buildSwin(cfg, randomStateDict(swinParamSpec(cfg), seed), { height: size, width: size }));
  }
  const arch = architecture(e.arch);
  return encodeModel(arch.build(randomStateDict(arch.paramSpec(e.numClasses, size), seed), { size, numClasses: e.numClasses }));
}

describe("zoo manifest entries", () => {
  it("lists LeViT-128S, ResNet-50 and Swin-T, untrained and labelled so", () => {
    expect(zoo.map((e) => e.arch).sort()).toEqual(["levit-128s", "resnet50", "swin-t"]);
    for (const e of zoo) {
      expect(e.trainedOn).toBeNull();
      expect(e.title).toMatch(/untrained/);
      expect(e.weights.kind === "random" && e.weights.note).toMatch(/meaningless/);
      expect(e.resolutions).toContain(e.preprocess.size);
    }
  });

  it("trained zoo entries: Imagenette weights whose sha256 and size match, lab-measured accuracy, a training log", () => {
    for (const e of trained) {
      if (e.weights.kind !== "file") continue;
      expect(zoo.some((u) => registryArch(u) === registryArch(e)), `${e.id} has an untrained twin`).toBe(true);
      expect(e.title).not.toMatch(/untrained/);
      expect(e.trainedOn).toMatch(/Imagenette/);
      expect(e.numClasses).toBe(10);
      const bytes = readFileSync(`public${e.weights.url}`);
      expect(bytes.length).toBe(e.weights.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(e.weights.sha256);
      expect(e.accuracy?.dataset).toMatch(/Imagenette val/);
      expect(e.accuracy?.source).toMatch(/lab -- eval/);
      expect(existsSync(e.training!.log)).toBe(true);
      expect(e.resolutions).toContain(e.preprocess.size);
    }
  });

  it("rejects a zoo entry naming an architecture of another family", () => {
    const bad = { ...zoo[0], id: "x", family: "resnet", arch: "levit-128s" };
    expect(() => compileEntry(bad as BaselineEntry, 224, null, "")).toThrow(/levit model, not resnet/);
  });

  for (const e of zoo) {
    it(`${e.id}: compileEntry equals the direct build, taps fit lib/analysis`, async () => {
      const size = e.preprocess.size;
      const built = compileEntry(e, size, null, "");
      expect(built.size).toBeNull();
      const input = { input: { data: image(size), dims: [1, 3, size, size] } };
      const [ours, ref] = [await runOnnx(built.onnx, input), await runOnnx(directOnnx(e, size), input)];
      expect(maxRelErr(ours.logits.data as Float32Array, ref.logits.data as Float32Array)).toBeLessThan(1e-5);
      expect(built.taps.length).toBeGreaterThan(10);
      for (const t of built.taps) {
        const out = ours[t.path];
        expect(out, t.path).toBeDefined();
        const planes = toPlanes({ data: out.data as Float32Array, dims: out.dims, layout: t.layout, grid: t.grid });
        expect(planes.channels).toBeGreaterThan(0);
      }
      if (e.family !== "levit") return;
      // LeViT: each attention's bias table equals the seeded weights, its softmax rows sum to one.
      const sd = randomStateDict(levitParamSpec(levitPreset("128S", { imgSize: size })), (e.weights as { seed: number }).seed);
      const bias = ours[`${LEVIT_BIAS_PREFIX}blocks.0`];
      expect(Array.from(bias.data as Float32Array)).toEqual(Array.from(sd.get("blocks.0.m.attention_biases")!.data as Float32Array));
      const attn = ours["blocks.0.attention"];
      expect(attn.dims).toEqual([1, 4, 196, 196]);
      const row = (attn.data as Float32Array).subarray(0, 196).reduce((a, b) => a + b, 0);
      expect(row).toBeCloseTo(1, 5);
    }, 120_000);
  }
});
