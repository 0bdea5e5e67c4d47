import { describe, expect, it } from "vitest";
import { nextvitPreset, officialStages, planNextViT } from "@/lib/nextvit/config";
import { tryVariantConfig, variantConfig } from "@/lib/studio/config";
import { modelCost } from "@/lib/studio/cost";
import { findPreset, matchPreset, officialVariant, PATTERN_PRESETS, SIZES, variantLabel } from "@/lib/studio/variant";

describe("studio variants", () => {
  const stages = (id: string, size: "S" | "B" | "L") => findPreset(id)!.stages(size);
  it("NHS N=4 is the compiler's official pattern for S/B/L", () => {
    for (const s of SIZES) expect(stages("nhs4", s)).toEqual(officialStages([...nextvitPreset(s).stages.map((x) => x.length)]));
  });
  it("the official variant builds exactly the compiler's preset", () => {
    for (const s of SIZES) expect(variantConfig(officialVariant(s))).toEqual(nextvitPreset(s));
  });
  it("NHS N: stage 3 is (C×N + T)×L with L keeping stage 3 near its official depth; other stages official", () => {
    for (const s of SIZES)
      for (let n = 1; n <= 5; n++) {
        const st = stages(`nhs${n}`, s);
        const L = st[2].split("T").length - 1;
        expect(st[2]).toBe(("C".repeat(n) + "T").repeat(L));
        expect(Math.abs(st[2].length - nextvitPreset(s).stages[2].length)).toBeLessThanOrEqual((n + 1) / 2);
        expect([st[0], st[1], st[3]]).toEqual([0, 1, 3].map((i) => nextvitPreset(s).stages[i]));
      }
  });
  it("stage-wise strategies put NTBs only in the last stages", () => {
    expect(stages("ccct", "S")).toEqual(["CCC", "CCCC", "C".repeat(10), "TTT"]);
    expect(stages("cctt", "S")).toEqual(["CCC", "CCCC", "T".repeat(10), "TTT"]);
    expect(stages("cttt", "S")).toEqual(["CCC", "TTTT", "T".repeat(10), "TTT"]);
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
  it("labels name the preset; the plan puts NTBs where the pattern says", () => {
    expect(variantLabel(officialVariant("B", 50))).toBe("Next-ViT-B r=0.50 NHS N=4 (Next-ViT)");
    expect(matchPreset({ size: "S", rPct: 0, stages: ["C", "C", "C", "T"] })).toBeUndefined();
    const r = tryVariantConfig(officialVariant("S"));
    if ("error" in r) throw new Error(r.error);
    expect(r.plan.length).toBe(20);
    expect(r.plan.filter((b) => b.kind === "NTB").map((b) => b.index)).toEqual([6, 11, 16, 19]);
  });
});

describe("studio cost", () => {
  it("official S: the paper's 31,763,368 parameters and 5.8 G MACs at 224² (±2%); MACs scale with input area", () => {
    const c = modelCost({ kind: "variant", variant: officialVariant("S") }, 224);
    expect(c.params).toBe(31_763_368);
    expect(Math.abs(c.macs! / 5.8e9 - 1)).toBeLessThan(0.02);
    const small = modelCost({ kind: "variant", variant: officialVariant("S") }, 112).macs!;
    expect(small / c.macs!).toBeGreaterThan(0.2);
    expect(small / c.macs!).toBeLessThan(0.3);
    expect(modelCost({ kind: "model", id: "levit" }, 224)).toEqual({ params: null, macs: null });
  });
});
