import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { adoptCheckpoint, compileEntry, configFor, randomWeights } from "@/lib/runtime/build-model";
import { parseManifest } from "@/lib/runtime/manifest";
import { writeSafetensors } from "@/lib/checkpoint/safetensors";
import { toTimmLayout } from "@/lib/nextvit/keys";
import { depthsOf } from "@/lib/nextvit/config";
import { CheckpointError } from "@/lib/checkpoint/errors";
import { float32 } from "@/lib/onnx/ir";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const entryB = manifest.models.find((m) => m.size === "B")!;

describe("adoptCheckpoint (Load weights)", () => {
  const cfgS = configFor({ size: "S", config: {} }, 10);
  const sd = randomWeights(cfgS, 5);

  it("finds the size and class count of a timm-layout safetensors whatever size is selected", () => {
    const bytes = writeSafetensors(toTimmLayout(sd, depthsOf(cfgS)));
    const { sd: official, cfg } = adoptCheckpoint(bytes, "nextvit_small.safetensors", entryB);
    expect(cfg.name).toBe("nextvit_S");
    expect(cfg.numClasses).toBe(10);
    expect(official.get("proj_head.0.weight")?.dims).toEqual([10, 1024]);
    expect(official.get("features.19.mlp.conv2.weight")?.data).toEqual(sd.get("features.19.mlp.conv2.weight")?.data);
  });

  it("names the wrong tensor when a checkpoint fits no size", () => {
    const broken = new Map(sd);
    broken.set("features.3.mlp.conv1.weight", float32([7, 7, 1, 1]));
    let err: unknown;
    try {
      adoptCheckpoint(writeSafetensors(broken), "broken.safetensors", entryB);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).message).toMatch(/features\.|stem|proj_head/);
  });
});

describe("compileEntry's NaN/Inf scan", () => {
  const mini = manifest.models.find((m) => m.id === "nextvit-mini-random")!;
  const cfg = configFor(mini, mini.numClasses);
  const sd = new Map(randomWeights(cfg, 3));
  const w = sd.get("features.2.mlp.conv1.weight")!;
  const bad = new Float32Array(w.data as Float32Array);
  bad[17] = Infinity;
  sd.set("features.2.mlp.conv1.weight", { ...w, data: bad });
  const bytes = writeSafetensors(sd);

  it("refuses a file with Inf (LAB108, naming the tensor) unless the bytes are the manifest's own, hash-checked file", () => {
    let err: unknown;
    try {
      compileEntry(mini, 64, bytes, "user.safetensors");
    } catch (e) {
      err = e;
    }
    expect((err as CheckpointError).code).toBe("LAB108");
    expect((err as CheckpointError).message).toContain("features.2.mlp.conv1.weight");
    // Shipped (sha256 checked against the manifest, whose files the manifest test scans): no second read of every value.
    expect(compileEntry(mini, 64, bytes, "shipped.safetensors", false, true).numClasses).toBe(mini.numClasses);
  });
});
