import { describe, expect, it } from "vitest";
import { listResNetTaps, resnetPreset } from "../baselines/resnet";
import { listSwinTaps, swinPreset } from "../baselines/swin";
import { levitPreset } from "../levit/config";
import { listLeViTTaps } from "../levit/build";
import { listTaps } from "../nextvit/build";
import { nextvitPreset } from "../nextvit/config";
import { blockOutputs } from "./block-outputs";

const paths = (taps: { path: string; kind: string }[]) => blockOutputs(taps, (t) => t.kind).map((t) => t.path);

describe("blockOutputs", () => {
  it("Next-ViT: the stem and every NCB/NTB output, none of the taps inside an NTB", () => {
    const taps = listTaps(nextvitPreset("S"));
    const out = paths(taps);
    expect(out[0]).toBe("stem");
    expect(out).toHaveLength(1 + taps.filter((t) => t.kind === "NCB" || t.kind === "NTB").length);
    expect(out.some((p) => /e_mhsa|mhca/.test(p))).toBe(false);
  });

  it("LeViT, ResNet and Swin (whose first tap is a stem too): every tap, in depth order", () => {
    for (const taps of [listResNetTaps(resnetPreset(50)), listSwinTaps(swinPreset("T", { window: 7, imgSize: 224 })), listLeViTTaps(levitPreset("128S"))]) {
      expect(taps[0].kind).toBe("stem");
      expect(paths(taps)).toEqual(taps.map((t) => t.path));
    }
  });
});
