import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { LEVIT_NAMES, levitPreset } from "../../lib/levit/config";
import { countLeViTParams, levitKeys, toOfficialLeViT, toTimmLeViT } from "../../lib/levit/keys";
import { buildLeViT, listLeViTTaps } from "../../lib/levit/build";
import { relMaxError } from "../../lib/baselines/compare";
import { encodeModel } from "../../lib/onnx/encode";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/levit128s-mini";
const official = readSafetensors(readFileSync(`${DIR}/levit128s-mini.official.safetensors`)).tensors;
const io = readSafetensors(readFileSync(`${DIR}/levit128s-mini.io.224x224.safetensors`)).tensors;
const cfg = levitPreset("128S", { numClasses: 10 });

describe("LeViT keys and parameter counts", () => {
  const published: Record<string, number> = { "128S": 7_777_058, "128": 9_213_936, "192": 10_947_069, "256": 18_893_876, "384": 39_128_836 };
  it.each(LEVIT_NAMES)("LeViT-%s: both layouts match the key table, count matches timm", (name) => {
    const rows = readFileSync(`tests/fixtures/keys/levit_${name}_keys.tsv`, "utf8").trim().split("\n").slice(1)
      .map((l) => l.split("\t"))
      .filter(([k]) => !k.endsWith("attention_bias_idxs") && !k.endsWith("num_batches_tracked"))
      .map(([k, t, shape]) => `${k} ${t} ${shape}`);
    const ours = levitKeys(levitPreset(name)).map((k) => `${k.key} ${k.timm} [${k.shape.join(", ")}]`);
    expect(ours).toEqual(rows);
    expect(countLeViTParams(levitPreset(name))).toBe(published[name]);
  });
});

describe("LeViT-128S against the official float64 references", () => {
  const input = io.get("input")!;
  const feed = { input: { dims: input.dims, data: input.data as Float32Array } };

  it("matches logits and every tap within 1e-4·max|ref|", async () => {
    const graph = buildLeViT(cfg, toOfficialLeViT(official, cfg), { height: 224, width: 224, taps: "all" });
    const out = await runOnnx(encodeModel(graph), feed);
    const taps = listLeViTTaps(cfg).map((t) => t.path);
    expect(taps.length).toBe(23);
    for (const name of [...taps, "logits"]) {
      const ref = io.get(name)!;
      expect(out[name].dims, name).toEqual(ref.dims);
      expect(relMaxError(out[name].data, ref.data as Float32Array), name).toBeLessThan(1e-4);
    }
  }, 120_000);

  it("gives the same logits from timm-named weights", async () => {
    const timm = toTimmLeViT(official, cfg);
    expect([...timm.keys()].some((k) => k.startsWith("stages.1.downsample.attn_downsample."))).toBe(true);
    const graph = buildLeViT(cfg, toOfficialLeViT(timm, cfg), { height: 224, width: 224 });
    const out = await runOnnx(encodeModel(graph), feed);
    expect(relMaxError(out.logits.data, io.get("logits")!.data as Float32Array)).toBeLessThan(1e-4);
  }, 120_000);

  it("reads the all-conv variant (levit_conv_*: 1x1 convolutions instead of linears)", async () => {
    const conv = new Map([...toTimmLeViT(official, cfg)].map(([k, t]) =>
      [k, k.startsWith("stages.") && t.dims.length === 2 ? { ...t, dims: [...t.dims, 1, 1] } : t]));
    expect(conv.get("stages.0.blocks.0.attn.qkv.linear.weight")!.dims).toEqual([256, 128, 1, 1]);
    const out = await runOnnx(encodeModel(buildLeViT(cfg, toOfficialLeViT(conv, cfg), { height: 224, width: 224 })), feed);
    expect(relMaxError(out.logits.data, io.get("logits")!.data as Float32Array)).toBeLessThan(1e-4);
  }, 120_000);

  it("names a tensor the configuration does not have", () => {
    const extra = new Map(official);
    extra.set("blocks.99.m.qkv.c.weight", official.get("blocks.0.m.qkv.c.weight")!);
    expect(() => toOfficialLeViT(extra, cfg)).toThrow(/LAB106.*blocks\.99\.m\.qkv\.c\.weight/);
  });

  it("refuses an input size its bias tables were not built for", () => {
    expect(() => buildLeViT(cfg, official, { height: 192, width: 192 })).toThrow(/built for 224x224/);
  });
});
