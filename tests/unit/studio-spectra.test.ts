import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { meanHigh, sharedRange, summariseSpectra, summariseTaps, type TapInput } from "@/lib/studio/spectra";
import { TapSetAccumulator } from "@/lib/analysis/image-set";
import { studioModelEntry } from "@/lib/studio/model-entry";
import { variantConfig } from "@/lib/studio/config";
import { findPreset, officialVariant } from "@/lib/studio/variant";
import { nextvitPreset, type NextViTConfig } from "@/lib/nextvit/config";
import { parseManifest } from "@/lib/runtime/manifest";
import type { TapInfo } from "@/lib/onnx/ir";

// Independent reference: direct float64 DFT, mean over channels of ln(|F|+1e-6), at bins (k,k) minus (0,0).
function refDiag(data: Float32Array, c: number, h: number): number[] {
  const K = Math.ceil(h / 2);
  const out = new Array(K).fill(0);
  for (let ch = 0; ch < c; ch++) {
    const amp = (u: number, v: number) => {
      let re = 0, im = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < h; x++) {
          const a = (-2 * Math.PI * (u * y + v * x)) / h;
          const val = data[ch * h * h + y * h + x];
          re += val * Math.cos(a);
          im += val * Math.sin(a);
        }
      return Math.log(Math.hypot(re, im) + 1e-6);
    };
    const dc = amp(0, 0);
    for (let k = 0; k < K; k++) out[k] += (amp(k, k) - dc) / c;
  }
  return out;
}

function tap(path: string, kind: string, stage: number, index: number, c: number, h: number, seed: number): TapInput {
  const data = new Float32Array(c * h * h);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 0.5;
  const info: TapInfo = { path, value: path, stage, index, kind, layout: "NCHW", dims: [1, c, h, h] };
  return { info, dims: [1, c, h, h], data };
}

describe("studio spectra summary", () => {
  // Graph order, as listTaps gives them: an NTB's inner taps come before its output.
  const taps = [
    tap("stem", "stem", -1, -1, 2, 8, 1),
    tap("features.0", "NCB", 0, 0, 3, 8, 3),
    tap("features.1.mhca", "mhca", 0, 1, 3, 8, 4),
    tap("features.1", "NTB", 0, 1, 3, 8, 2),
    tap("features.2", "NCB", 1, 2, 4, 7, 5),
  ];
  const out = summariseTaps(taps);

  it("keeps block outputs in depth order, with normalised depth", () => {
    expect(out.map((s) => s.path)).toEqual(["stem", "features.0", "features.1", "features.2"]);
    expect(out.map((s) => s.depth)).toEqual([0, 1 / 3, 2 / 3, 1]);
  });
  it("other architectures (first tap a stem too, index -1 at stage transitions): every tap, in graph order", () => {
    const swin = summariseTaps([
      tap("patch_embed", "stem", -1, -1, 2, 8, 1),
      tap("layers.0.blocks.0", "W-MSA", 0, 0, 2, 8, 2),
      tap("layers.1.downsample", "PatchMerging", 1, -1, 4, 4, 3),
      tap("layers.1.blocks.0", "W-MSA", 1, 1, 4, 4, 4),
      tap("norm", "norm", 1, -1, 4, 4, 5),
    ]);
    expect(swin.map((s) => s.path)).toEqual(["patch_embed", "layers.0.blocks.0", "layers.1.downsample", "layers.1.blocks.0", "norm"]);
    expect(swin.map((s) => s.depth)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it("ΔlogA equals a direct float64 DFT, high = the π end", () => {
    for (const s of out) {
      const t = taps.find((x) => x.info.path === s.path)!;
      const ref = refDiag(t.data, t.dims[1], t.dims[2]);
      s.dlogA.forEach((v, k) => expect(v).toBeCloseTo(ref[k], 9));
      expect(s.high).toBe(s.dlogA.at(-1));
      expect(s.freq[0]).toBe(0);
      expect(s.freq.at(-1)).toBe(1);
    }
  });
  it("marks each stage's last block; maps keep the tap's size", () => {
    expect(out.filter((s) => s.stageEnd).map((s) => s.path)).toEqual(["stem", "features.1", "features.2"]);
    expect(out[3].map.h).toBe(7);
    expect(out[3].map.data.length).toBe(49);
  });
  it("mean high-frequency ΔlogA skips maps with only a DC sample", () => {
    const two = summariseTaps([tap("stem", "stem", -1, -1, 2, 8, 1), tap("features.0", "NCB", 0, 0, 2, 2, 9)]);
    expect(two[1].dlogA).toEqual([0]);
    expect(meanHigh(two)).toBe(two[0].high);
    expect(meanHigh(out)).toBeCloseTo(out.reduce((a, s) => a + s.high, 0) / out.length, 12);
    expect(meanHigh([])).toBeNull();
  });
  it("a set average (the gallery-average mode) is the mean of each image's ΔlogA against the direct DFT", () => {
    const second = taps.map((t, i) => tap(t.info.path, t.info.kind, t.info.stage, t.info.index, t.dims[1], t.dims[2], 100 + i));
    const acc = new TapSetAccumulator();
    for (const set of [taps, second])
      acc.add(set.map((t) => ({ name: t.info.path, kind: t.info.kind, map: { data: t.data, dims: t.dims, layout: "NCHW" as const } })));
    const avg = summariseSpectra(taps.map((t) => t.info), acc.summary());
    expect(avg.map((s) => s.path)).toEqual(["stem", "features.0", "features.1", "features.2"]);
    for (const s of avg) {
      const [a, b] = [taps, second].map((set) => set.find((x) => x.info.path === s.path)!);
      const ra = refDiag(a.data, a.dims[1], a.dims[2]), rb = refDiag(b.data, b.dims[1], b.dims[2]);
      s.dlogA.forEach((v, k) => expect(v).toBeCloseTo((ra[k] + rb[k]) / 2, 9));
    }
    expect(summariseSpectra(taps.map((t) => t.info), [])).toEqual([]);
  });
  it("shared range spans all values and survives empty/flat input", () => {
    expect(sharedRange([3, -1, NaN, 2])).toEqual([-1, 3]);
    expect(sharedRange([])).toEqual([0, 1]);
    expect(sharedRange([2, 2])).toEqual([1, 3]);
  });
});

describe("studio model entries", () => {
  const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
  it("a variant loads the manifest entry of its size with its stages and r; the worker builds the same config", () => {
    const v = { size: "S" as const, rPct: 0, stages: findPreset("nhs2")!.stages("S") };
    const e = studioModelEntry({ kind: "variant", variant: v }, manifest);
    if ("error" in e) throw new Error(e.error);
    if (e.family !== "nextvit") throw new Error(`${e.id} is not a Next-ViT entry`);
    expect(e.id).toMatch(/^[a-z0-9-]+$/);
    // What the worker does with an entry (lib/runtime/build-model.ts configFor).
    expect(nextvitPreset(e.size, { ...(e.config as Partial<NextViTConfig>), numClasses: e.numClasses })).toEqual(variantConfig(v));
  });
  it("the official variant is the shipped entry; unknown model ids are an error", () => {
    const e = studioModelEntry({ kind: "variant", variant: officialVariant("B") }, manifest);
    expect("id" in e && e.id).toBe("nextvit-b-random");
    expect(studioModelEntry({ kind: "model", id: "nope" }, manifest)).toEqual({ error: expect.stringMatching(/nope/) });
  });
});
