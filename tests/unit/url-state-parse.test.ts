import { describe, expect, it } from "vitest";
import { parseStudioQuery, serializeStudioQuery } from "@/lib/url-state/parse";
import { DEFAULT_STATE, StudioStateSchema, type StudioState } from "@/lib/url-state/schema";
import { decodeStage, encodeStage, decodeRef } from "@/lib/url-state/variant-codec";
import { nextvitPreset } from "@/lib/nextvit/config";

const codes = (q: string) => parseStudioQuery(q).dropped.map((d) => d.code);

describe("variant tokens", () => {
  it("run-length stages round-trip", () => {
    for (const s of ["C", "T", "CCCT", "CCCCTCCCCT", "T".repeat(48), "CTCTCT", "C".repeat(12) + "T"]) {
      expect(decodeStage(encodeStage(s))).toBe(s);
    }
    expect(encodeStage("CCCCTCCCCT")).toBe("C4TC4T");
  });
  it("rejects stages beyond 48 blocks and malformed run lengths", () => {
    expect(decodeStage("C49")).toBeNull();
    expect(decodeStage("C40C9")).toBeNull();
    expect(decodeStage("C0")).toBeNull();
    expect(decodeStage("X3")).toBeNull();
    expect(decodeStage("")).toBeNull();
  });
  it("a bare token is the shipped NHS N=4 pattern", () => {
    const r = decodeRef("B75").ref;
    expect(r).toEqual({ kind: "variant", variant: { size: "B", rPct: 75, stages: nextvitPreset("B").stages } });
  });
  it("presets and explicit patterns decode to the same stages", () => {
    expect(decodeRef("S0-ccct").ref).toEqual(decodeRef("S0-C3.C4.C10.T3").ref);
    expect(decodeRef("L100-cttt").ref).toEqual({
      kind: "variant", variant: { size: "L", rPct: 100, stages: ["CCC", "TTTT", "T".repeat(30), "TTT"] },
    });
  });
  it("drops bad r, unknown presets, wrong stage counts, bad model ids", () => {
    expect(decodeRef("S101").dropped?.code).toBe("LAB311");
    expect(decodeRef("S075").dropped?.code).toBe("LAB311");
    expect(decodeRef("S50-nhs9").dropped?.code).toBe("LAB313");
    expect(decodeRef("S50-C3.C3T.C4T").dropped?.code).toBe("LAB312");
    expect(decodeRef("m-Bad<id>").dropped?.code).toBe("LAB315");
    expect(decodeRef("Q50").dropped?.code).toBe("LAB310");
  });
});

describe("parseStudioQuery", () => {
  it("empty query gives the default state and no notices", () => {
    expect(parseStudioQuery("")).toEqual({ state: DEFAULT_STATE, dropped: [] });
  });

  it("round-trips a full state through serialize", () => {
    const state: StudioState = {
      models: [decodeRef("S0").ref!, decodeRef("B75-nhs2").ref!, decodeRef("L100-C2T.C3T.T20.C2T").ref!, { kind: "model", id: "levit_128s" }],
      image: { kind: "gallery", id: "chelsea" },
      layer: "features.6.e_mhsa",
      channel: 17,
      cam: "layercam",
      cls: 281,
      charts: ["curves", "scatter"],
      scale: "log",
      overlay: true,
      runs: 25,
      backend: "wasm",
      res: 96,
    };
    const q = serializeStudioQuery(state);
    expect(parseStudioQuery(q)).toEqual({ state, dropped: [] });
    expect(serializeStudioQuery(DEFAULT_STATE)).toBe("");
  });

  it("an uploaded image travels only as a marker", () => {
    expect(parseStudioQuery("img=uploaded").state.image).toEqual({ kind: "uploaded" });
  });

  it("the gallery average travels as img=gallery and round-trips", () => {
    const r = parseStudioQuery("img=gallery&v=S0~S75~S100");
    expect(r).toMatchObject({ state: { image: { kind: "average" } }, dropped: [] });
    expect(serializeStudioQuery(r.state)).toBe("img=gallery"); // S0~S75~S100 is the default
    expect(codes("img=Gallery")).toEqual(["LAB320"]);
    expect(codes("img=gallery%20")).toEqual(["LAB320"]);
  });

  it("keeps the valid part of a partly bad model list and numbers each drop", () => {
    const r = parseStudioQuery("v=S0~<script>~S75~B75~L75~S100");
    expect(r.state.models.length).toBe(4);
    expect(r.dropped.map((d) => d.code)).toEqual(["LAB310", "LAB314"]);
  });

  it("drops hostile and malformed values with codes, never throwing", () => {
    expect(codes("img=<img src=x onerror=alert(1)>")).toEqual(["LAB320"]);
    expect(codes("img=javascript:alert(1)")).toEqual(["LAB320"]);
    expect(codes("layer=features.6.__proto__")).toEqual(["LAB321"]);
    expect(codes("ch=NaN&cls=1e309&n=-1")).toEqual(["LAB322", "LAB324", "LAB328"]);
    expect(codes("ch=99999999999999999999")).toEqual(["LAB322"]);
    expect(codes("cam=gradcam%00")).toEqual(["LAB323"]);
    expect(codes("charts=curves,<b>")).toEqual(["LAB325"]);
    expect(codes("scale=LOG&ov=true&be=cuda")).toEqual(["LAB326", "LAB327", "LAB329"]);
    expect(codes("res=100&res=64")).toEqual(["LAB330", "LAB303"]);
    expect(codes(`img=${"a".repeat(10_000)}`)).toEqual(["LAB302"]);
    expect(codes("v[a][b][c]=1&__proto__=x")).toEqual(["LAB301", "LAB301"]);
    expect(codes("cam=gradcam&cam=eigencam")).toEqual(["LAB303"]);
    expect(codes("img=%E2%80%AEchelsea")).toEqual(["LAB320"]);
  });

  it("notice excerpts carry no markup characters", () => {
    const r = parseStudioQuery('img="><svg/onload=alert(1)>&x<y>=1&layer=%F0%9F%98%80');
    for (const d of r.dropped) expect(`${d.key}${d.excerpt}`).not.toMatch(/[<>"'&\/\\:]/);
    expect(r.dropped.length).toBe(3);
  });

  it("caps the number of parameters", () => {
    const q = Array.from({ length: 100 }, (_, i) => `k${i}=1`).join("&");
    const r = parseStudioQuery(q);
    expect(r.dropped.at(-1)?.code).toBe("LAB304");
    expect(r.dropped.length).toBe(33);
    expect(StudioStateSchema.safeParse(r.state).success).toBe(true);
  });
});
