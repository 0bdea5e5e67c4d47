import { describe, expect, it } from "vitest";
import { parseStudioQuery, serializeStudioQuery } from "@/lib/url-state/parse";
import type { StudioState } from "@/lib/url-state/schema";
import type { Variant } from "@/lib/studio/variant";

// Worst realistic case: four Next-ViT-L variants with hand-edited, preset-free patterns that do not compress
// well under run-length coding (alternating blocks), plus every other parameter set.
const alternating = (n: number, start: "C" | "T") =>
  Array.from({ length: n }, (_, i) => ((i % 2 === 0) === (start === "C") ? "C" : "T")).join("");

describe("URL length", () => {
  it("a 4-variant view with every parameter set stays well under 2,000 characters", () => {
    const variants: Variant[] = [0, 33, 75, 100].map((rPct, i) => ({
      size: "L",
      rPct,
      stages: [alternating(3, "C"), alternating(4, i % 2 ? "T" : "C"), alternating(48, "C"), alternating(3, "T")],
    }));
    const state: StudioState = {
      models: variants.map((variant) => ({ kind: "variant", variant })),
      image: { kind: "gallery", id: "motorcycle" },
      layer: "features.36.e_mhsa",
      channel: 1023,
      cam: "gradcampp",
      cls: 21_000,
      charts: ["curves", "depth", "grid", "scatter"],
      scale: "log",
      overlay: true,
      runs: 50,
      backend: "webgpu",
      res: 512,
    };
    const url = `https://lab.example/studio?${serializeStudioQuery(state)}`;
    console.log(`worst-case 4-variant URL: ${url.length} chars`);
    expect(url.length).toBeLessThan(1000);
    expect(parseStudioQuery(url.split("?")[1]).state).toEqual(state);
  });

  it("preset variants are a few characters each", () => {
    const q = "v=S0~S75~S100-cttt~B75-nhs2&img=chelsea&layer=features.6&cam=hirescam";
    const { state, dropped } = parseStudioQuery(q);
    expect(dropped).toEqual([]);
    expect(serializeStudioQuery(state)).toBe(q);
  });
});
