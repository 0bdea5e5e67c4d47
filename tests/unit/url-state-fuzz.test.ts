// Property-based: random and hostile query strings never make the parser throw, the result always satisfies
// the schema, and no markup or scheme characters reach string fields that render.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseStudioQuery, serializeStudioQuery } from "@/lib/url-state/parse";
import { StudioStateSchema } from "@/lib/url-state/schema";

const HOSTILE = [
  "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\"><script>alert(1)</script>", "NaN", "Infinity",
  "-0", "1e309", "9".repeat(400), "__proto__", "constructor", "%00", "\u202e", "😀", "{\"a\":{\"b\":[[[]]]}}",
  "gallery", "uploaded", "S75-<b>", "m-../../etc", "features.6.mhca<", "a".repeat(10_000), "", "~~~~", ",,,", "S75~".repeat(300),
];
const KEYS = ["v", "img", "layer", "ch", "cam", "cls", "charts", "scale", "ov", "n", "be", "res", "x", "v[0]", "__proto__"];
const MARKUP = /[<>"'`&\\:\s]/;

const value = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 64 }),
  fc.string({ unit: "grapheme", maxLength: 32 }),
  fc.string({ unit: fc.constantFrom(..."SBLCTm-~.0123456789nhscta_"), maxLength: 80 }),
  fc.double().map(String),
  fc.bigInt().map(String),
);
const pair = fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), value);
const query = fc.oneof(
  fc.array(pair, { maxLength: 40 }).map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")),
  fc.array(pair, { maxLength: 12 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join("&")),
  fc.string({ maxLength: 300 }),
);

function renderedStrings(s: ReturnType<typeof parseStudioQuery>["state"]): string[] {
  const out = [s.layer ?? "", s.image?.kind === "gallery" ? s.image.id : ""];
  for (const m of s.models) out.push(m.kind === "model" ? m.id : m.variant.stages.join(""));
  return out;
}

describe("URL state fuzz", () => {
  it("never throws; state valid; no markup in rendered strings or notices", () => {
    fc.assert(
      fc.property(query, (q) => {
        const r = parseStudioQuery(q);
        expect(StudioStateSchema.safeParse(r.state).success).toBe(true);
        for (const s of renderedStrings(r.state)) expect(s).not.toMatch(MARKUP);
        for (const d of r.dropped) {
          expect(d.code).toMatch(/^LAB3\d\d$/);
          expect(`${d.key}${d.excerpt}`).not.toMatch(MARKUP);
          expect(d.excerpt.length).toBeLessThanOrEqual(33);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("parse ∘ serialize is the identity on parsed states", () => {
    fc.assert(
      fc.property(query, (q) => {
        const { state } = parseStudioQuery(q);
        const again = parseStudioQuery(serializeStudioQuery(state));
        expect(again.dropped).toEqual([]);
        expect(again.state).toEqual(state);
      }),
      { numRuns: 2000 },
    );
  });
});
