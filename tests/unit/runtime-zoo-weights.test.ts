// "Load weights" for zoo models: a timm-layout LeViT safetensors with its own class count builds
// through compileEntry with the file's weights; a file without a classifier head names the keys.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { compileEntry } from "@/lib/runtime/build-model";
import { parseManifest, type BaselineEntry } from "@/lib/runtime/manifest";
import { architecture } from "@/lib/baselines/registry";
import { randomStateDict } from "@/lib/checkpoint/random";
import { writeSafetensors } from "@/lib/checkpoint/safetensors";
import { levitPreset } from "@/lib/levit/config";
import { toTimmLeViT } from "@/lib/levit/keys";
import { encodeModel } from "@/lib/onnx/encode";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const levit = manifest.models.find((m): m is BaselineEntry => m.family === "levit")!;

describe("zoo checkpoints", () => {
  const arch = architecture(levit.arch);
  const sd = randomStateDict(arch.paramSpec(10, 224), 77);

  it("a timm LeViT-128S safetensors with 10 classes gives the direct build's logits", async () => {
    const bytes = writeSafetensors(toTimmLeViT(sd, levitPreset("128S", { numClasses: 10 })));
    const built = compileEntry(levit, 224, bytes, "levit_128s.safetensors");
    expect(built.numClasses).toBe(10);
    const input = { input: { data: Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => Math.cos(i * 0.013)), dims: [1, 3, 224, 224] } };
    const ours = (await runOnnx(built.onnx, input)).logits.data as Float32Array;
    const ref = (await runOnnx(encodeModel(arch.build(sd, { size: 224, numClasses: 10 })), input)).logits.data as Float32Array;
    expect(ours).toHaveLength(10);
    expect(maxRelErr(ours, ref)).toBeLessThan(1e-5);
  }, 60_000);

  it("a checkpoint without a classifier head is refused with the keys it looked for", () => {
    const headless = new Map([...sd].filter(([k]) => !k.startsWith("head")));
    expect(() => compileEntry(levit, 224, writeSafetensors(headless), "x.safetensors")).toThrow(/no classifier head \(head\.l\.weight/);
  });
});
