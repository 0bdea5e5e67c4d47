import { describe, expect, it } from "vitest";
import { studioParsers } from "@/lib/url-state/nuqs";
import { parseStudioQuery } from "@/lib/url-state/parse";

describe("nuqs parsers agree with the pure parser", () => {
  it("parse valid values, null on invalid or oversized ones", () => {
    const q = "v=S0~B75-nhs2&img=uploaded&layer=features.6.mhca&ch=3&cam=eigencam&cls=7&charts=grid&scale=log&ov=1&n=5&be=wasm";
    const { state } = parseStudioQuery(q);
    const sp = new URLSearchParams(q);
    expect(studioParsers.v.parse(sp.get("v")!)).toEqual(state.models);
    expect(studioParsers.img.parse(sp.get("img")!)).toEqual(state.image);
    expect(studioParsers.layer.parse(sp.get("layer")!)).toBe(state.layer);
    expect(studioParsers.ch.parse("3")).toBe(3);
    expect(studioParsers.ov.parse("1")).toBe(true);
    expect(studioParsers.charts.parse("grid")).toEqual(["grid"]);
    expect(studioParsers.img.parse("<img src=x>")).toBeNull();
    expect(studioParsers.img.parse("gallery")).toEqual({ kind: "average" });
    expect(studioParsers.img.serialize({ kind: "average" })).toBe("gallery");
    expect(studioParsers.v.parse("S75~".repeat(200))).toBeNull();
    expect(studioParsers.n.parse("0")).toBeNull();
  });
  it("serialize is the compact codec", () => {
    expect(studioParsers.v.serialize(parseStudioQuery("v=S0~S100-cttt").state.models)).toBe("S0~S100-cttt");
  });
});
