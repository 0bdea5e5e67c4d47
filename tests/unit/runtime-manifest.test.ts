import { describe, expect, it } from "vitest";
import { readFileSync, statSync } from "node:fs";
import { parseManifest, isUntrained } from "@/lib/runtime/manifest";
import { nextvitPreset } from "@/lib/nextvit/config";
import { adoptCheckpoint } from "@/lib/runtime/build-model";
import { buildZooGraph } from "@/lib/runtime/build-zoo";

const shipped = JSON.parse(readFileSync("public/models/manifest.json", "utf8"));

describe("models manifest", () => {
  it("the shipped manifest parses, every model builds a config and untrained ones say so", () => {
    const m = parseManifest(shipped);
    // The untrained S, B, L and mini stay as architecture demos next to any trained entry.
    expect(m.models.filter((x) => x.family === "nextvit" && isUntrained(x)).map((x) => x.size)).toEqual(["S", "B", "L", "S"]);
    for (const e of m.models) {
      if (e.family === "nextvit") expect(() => nextvitPreset(e.size, { ...e.config, numClasses: e.numClasses })).not.toThrow();
      expect(isUntrained(e)).toBe(e.trainedOn === null);
      if (isUntrained(e)) expect(e.weights.kind === "random" && e.weights.note).toMatch(/meaningless/);
      expect(e.resolutions).toContain(e.preprocess.size);
    }
  });

  it("the default (first) model is trained, with Imagenette labels and its training provenance", () => {
    const first = parseManifest(shipped).models[0];
    expect(isUntrained(first)).toBe(false);
    expect(first.weights.kind).toBe("file");
    expect(first.labels).toBe("imagenette");
    expect(first.numClasses).toBe(10);
    expect(first.training?.epochs).toBe(first.training?.trainSizes.length);
    if (first.weights.kind === "file") expect(statSync(`public${first.weights.url}`).size).toBe(first.weights.bytes);
  });

  it("every shipped weights file loads as the worker loads it (finite values, shapes of its entry)", () => {
    for (const e of parseManifest(shipped).models) {
      if (e.weights.kind !== "file") continue;
      const bytes = new Uint8Array(readFileSync(`public${e.weights.url}`));
      // float16 overflows past 65504: a BatchNorm running_var that large arrives as Inf (LAB108).
      if (e.family === "nextvit") {
        expect(adoptCheckpoint(bytes, e.weights.url, e).cfg.numClasses).toBe(e.numClasses);
      } else {
        // The zoo's trained baselines: loaded, keys and shapes checked by the builder (no taps, to stay quick).
        expect(buildZooGraph(e, e.preprocess.size, { bytes, name: e.weights.url }, false, []).numClasses).toBe(e.numClasses);
      }
    }
  });

  it("label files match the manifest: 1000 ImageNet names, 10 Imagenette names at their ImageNet indices", () => {
    const inet = JSON.parse(readFileSync("public/models/imagenet-classes.json", "utf8"));
    const nette = JSON.parse(readFileSync("public/models/imagenette-classes.json", "utf8"));
    expect(inet.names).toHaveLength(1000);
    expect(new Set(inet.wnids).size).toBe(1000);
    expect(nette.names).toHaveLength(10);
    nette.imagenetIndex.forEach((k: number, i: number) => {
      expect(inet.wnids[k]).toBe(nette.wnids[i]);
      expect(inet.names[k]).toBe(nette.names[i]);
    });
  });

  it("rejects a manifest with a bad sha256, a duplicate id or a missing field, naming the place", () => {
    const bad = structuredClone(shipped);
    bad.models[0].weights = { kind: "file", url: "/x.safetensors", sha256: "abc", bytes: 10, format: "safetensors", layout: "timm" };
    expect(() => parseManifest(bad)).toThrow(/models\.0\.weights\.sha256/);
    const dup = structuredClone(shipped);
    dup.models[1].id = dup.models[0].id;
    expect(() => parseManifest(dup)).toThrow(/twice/);
    const missing = structuredClone(shipped);
    delete missing.models[2].preprocess;
    expect(() => parseManifest(missing)).toThrow(/models\.2\.preprocess/);
  });
});
