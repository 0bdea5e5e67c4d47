import { describe, expect, it } from "vitest";
import { nextvitPreset, officialStages, planNextViT } from "@/lib/nextvit/config";
import { blockDepths, tryVariantConfig, variantConfig } from "@/lib/studio/config";
import { matchPreset, nhsStages, officialVariant, PATTERN_PRESETS, SIZES, stagewiseStages, variantLabel } from "@/lib/studio/variant";

describe("studio variants", () => {
  it("NHS N=4 is the compiler's official pattern for S/B/L", () => {
    for (const s of SIZES) expect(nhsStages(s, 4)).toEqual(officialStages([...nextvitPreset(s).stages.map((x) => x.length)]));
  });
  it("the official variant builds exactly the compiler's preset", () => {
    for (const s of SIZES) expect(variantConfig(officialVariant(s))).toEqual(nextvitPreset(s));
  });
  it("NHS N blocks in stage 3: (N+1)·L with L = 2/4/6", () => {
    for (const [s, L] of [["S", 2], ["B", 4], ["L", 6]] as const)
      for (let n = 1; n <= 5; n++) {
        const st3 = nhsStages(s, n)[2];
        expect(st3.length).toBe((n + 1) * L);
        expect(st3.split("T").length - 1).toBe(L);
      }
  });
  it("stage-wise strategies put NTBs only in the last stages", () => {
    expect(stagewiseStages("S", 3)).toEqual(["CCC", "CCCC", "C".repeat(10), "TTT"]);
    expect(stagewiseStages("S", 2)).toEqual(["CCC", "CCCC", "T".repeat(10), "TTT"]);
    expect(stagewiseStages("S", 1)).toEqual(["CCC", "TTTT", "T".repeat(10), "TTT"]);
  });
  it("every preset at r = 0, 0.25, 0.5, 0.75, 1 plans without error", () => {
    for (const s of SIZES)
      for (const p of PATTERN_PRESETS)
        for (const rPct of [0, 25, 50, 75, 100]) {
          const r = tryVariantConfig({ size: s, rPct, stages: p.stages(s) });
          expect("error" in r ? r.error : "ok").toBe("ok");
        }
  });
  it("r reaches the compiler as mix_block_ratio, ends degrading cleanly", () => {
    const plan = (rPct: number) => planNextViT(variantConfig({ ...officialVariant("S"), rPct })).filter((b) => b.kind === "NTB");
    expect(plan(0).every((b) => b.mhsaCh === 0 && b.mhcaCh === b.outCh)).toBe(true);
    expect(plan(100).every((b) => b.mhcaCh === 0 && b.mhsaCh === b.outCh)).toBe(true);
    expect(plan(75).map((b) => b.mhsaCh)).toEqual([192, 384, 384, 768]);
  });
  it("labels name the preset and depth runs 0…1", () => {
    expect(variantLabel(officialVariant("B", 50))).toBe("Next-ViT-B r=0.50 NHS N=4 (Next-ViT)");
    expect(matchPreset({ size: "S", rPct: 0, stages: ["C", "C", "C", "T"] })).toBeUndefined();
    const r = tryVariantConfig(officialVariant("S"));
    if ("error" in r) throw new Error(r.error);
    const d = blockDepths(r.plan);
    expect(d.length).toBe(20);
    expect([d[0].depth, d[19].depth]).toEqual([0, 1]);
    expect(d.filter((x) => x.kind === "NTB").map((x) => x.tap)).toEqual(["features.6", "features.11", "features.16", "features.19"]);
  });
});
