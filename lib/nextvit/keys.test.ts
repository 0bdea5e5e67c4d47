import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CheckpointError } from "../checkpoint/errors";
import { readSafetensors } from "../checkpoint/safetensors";
import {
  detectNextVitLayout,
  inferDepthsFromTimmKeys,
  officialKeyToTimm,
  timmKeyToOfficial,
  toOfficialLayout,
  toTimmLayout,
} from "./keys";

const PRESETS = { small: [3, 4, 10, 3], base: [3, 4, 20, 3], large: [3, 4, 30, 3] } as const;

function rows(name: string): [string, string][] {
  return readFileSync(`tests/fixtures/keys/nextvit_${name}_keys.tsv`, "utf8").trim().split("\n").slice(1)
    .map((l) => l.split("\t") as [string, string]);
}

describe("Next-ViT key layouts", () => {
  for (const [name, depths] of Object.entries(PRESETS)) {
    it(`maps every row of nextvit_${name}_keys.tsv both ways`, () => {
      const r = rows(name);
      for (const [official, timm] of r) {
        expect(officialKeyToTimm(official, depths)).toBe(timm);
        expect(timmKeyToOfficial(timm, depths)).toBe(official);
      }
      const timmKeys = r.map(([, t]) => t);
      expect(inferDepthsFromTimmKeys(timmKeys)).toEqual(depths);
      expect(detectNextVitLayout(r.map(([o]) => o))).toBe("official");
      expect(detectNextVitLayout(timmKeys)).toBe("timm");
      const official = new Map(r.map(([o], i) => [o, i]));
      const asTimm = toTimmLayout(official, depths);
      expect([...asTimm.keys()]).toEqual(timmKeys);
      expect([...toOfficialLayout(asTimm).entries()]).toEqual([...official.entries()]);
    });
  }

  it("renames the nextvit-mini fixture's tensors to timm and back, tensors untouched", () => {
    const { tensors, metadata } = readSafetensors(new Uint8Array(readFileSync("tests/fixtures/nextvit-mini/nextvit-mini.official.safetensors")));
    const depths = JSON.parse(metadata.depths) as number[];
    const timm = toTimmLayout(tensors, depths);
    expect(timm.get("stages.2.blocks.4.mlp.fc2.weight")).toBe(tensors.get("features.6.mlp.conv2.weight"));
    expect(timm.get("head.fc.bias")).toBe(tensors.get("proj_head.0.bias"));
    expect(inferDepthsFromTimmKeys(timm.keys())).toEqual(depths);
    expect(toOfficialLayout(timm)).toEqual(tensors);
    // Already-official input passes through unchanged.
    expect(toOfficialLayout(tensors)).toEqual(tensors);
  });

  it("refuses block indices beyond the depths with a typed error naming the key", () => {
    const e = (() => { try { officialKeyToTimm("features.20.norm.weight", PRESETS.small); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).tensor).toBe("features.20.norm.weight");
    expect(() => timmKeyToOfficial("stages.1.blocks.4.norm.weight", PRESETS.small)).toThrow(CheckpointError);
    expect(() => timmKeyToOfficial("stages.4.blocks.0.norm.weight", PRESETS.small)).toThrow(CheckpointError);
  });

  it("says unknown for keys of neither layout", () => {
    expect(detectNextVitLayout(["patch_embed.0.c.weight", "blocks.0.m.qkv.c.weight"])).toBe("unknown");
    expect(detectNextVitLayout(["features.0.norm.weight", "stages.0.blocks.0.norm.weight"])).toBe("unknown");
  });
});
