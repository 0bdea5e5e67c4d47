import { describe, expect, it } from "vitest";
import { weightsStatus, UNTRAINED_LABEL } from "@/lib/studio/weights";
import { scatterLayout } from "@/lib/studio/scatter";
import { officialVariant } from "@/lib/studio/variant";
import type { Manifest, ModelEntry } from "@/lib/runtime/manifest";

const pre = { size: 224, cropPct: 0.875, interpolation: "bicubic" as const, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };
const entry = (id: string, config: Record<string, unknown>, trained: boolean, top1?: number): ModelEntry => ({
  id, family: "nextvit", size: "S", title: id, config, numClasses: 10, labels: "imagenette", resolutions: [224],
  preprocess: pre, storage: "x",
  weights: trained
    ? { kind: "file", url: "/m.safetensors", sha256: "0".repeat(64), bytes: 1, format: "safetensors", layout: "official" }
    : { kind: "random", seed: 1, note: "untrained" },
  trainedOn: trained ? "Imagenette" : null,
  accuracy: top1 === undefined ? null : { dataset: "Imagenette val", top1, source: "ours" },
});
const manifest = (models: ModelEntry[]): Manifest => ({ version: 1, labelSets: { imagenet: "a", imagenette: "b" }, models });

describe("weights status from the manifest", () => {
  it("no manifest or only random weights: untrained, no accuracy", () => {
    const v = { kind: "variant" as const, variant: officialVariant("S") };
    expect(weightsStatus(v, null)).toMatchObject({ trained: false, imagenetteTop1: null, label: UNTRAINED_LABEL });
    expect(weightsStatus(v, manifest([entry("nextvit-s", {}, false)]))).toMatchObject({ trained: false, imagenetteTop1: null });
  });
  it("a trained entry matches only the variant its config builds", () => {
    const m = manifest([entry("nextvit-s", {}, false), entry("nextvit-s-r0", { mixBlockRatio: 0 }, true, 88.5)]);
    const r0 = weightsStatus({ kind: "variant", variant: officialVariant("S", 0) }, m);
    expect(r0).toMatchObject({ trained: true, imagenetteTop1: 88.5 });
    expect(r0.entry?.id).toBe("nextvit-s-r0");
    expect(weightsStatus({ kind: "variant", variant: officialVariant("S", 50) }, m).trained).toBe(false);
    expect(weightsStatus({ kind: "model", id: "nextvit-s-r0" }, m).trained).toBe(true);
  });
});

describe("scatter layout", () => {
  it("puts models without accuracy on the untrained rail, never on the accuracy axis", () => {
    const l = scatterLayout([
      { key: "a", label: "A", latencyMs: 10, accuracy: 80 },
      { key: "b", label: "B", latencyMs: 30, accuracy: null },
      { key: "c", label: "C", latencyMs: null, accuracy: 70 },
    ]);
    expect(l.placed.map((p) => p.key)).toEqual(["a"]);
    expect(l.rail.map((p) => p.key)).toEqual(["b"]);
    expect(l.pending.map((p) => p.key)).toEqual(["c"]);
    expect(l.latencyDomain[0]).toBeLessThanOrEqual(10);
    expect(l.latencyDomain[1]).toBeGreaterThanOrEqual(30);
    expect(scatterLayout([{ key: "b", label: "B", latencyMs: 5, accuracy: null }]).accuracyDomain).toBeNull();
  });
});
