// nuqs parsers for the studio, one per URL key, built from the same codecs as the pure parser so the page and
// the tests agree. Invalid values parse to null (nuqs then uses the default); the notice comes from
// parseStudioQuery over the raw query.
import { createParser } from "nuqs";
import { CODECS, type KeyCodec, type UrlKey } from "./keys";
import { MAX_VALUE_LENGTH } from "./parse";
import { DEFAULT_STATE, type StudioState } from "./schema";

function parserFor<K extends keyof StudioState>(key: UrlKey, codec: KeyCodec<K>) {
  return createParser<NonNullable<StudioState[K]>>({
    parse: (raw: string) => {
      if (raw.length > MAX_VALUE_LENGTH) return null;
      const r = codec.parse(raw, key);
      return (r.value ?? null) as NonNullable<StudioState[K]> | null;
    },
    serialize: (v) => codec.serialize(v as StudioState[K]),
    eq: (a, b) => codec.eq(a as StudioState[K], b as StudioState[K]),
  });
}

const c = <K extends UrlKey>(k: K) => CODECS[k] as unknown as KeyCodec<(typeof CODECS)[K]["field"]>;

/** Keys as they appear in the URL; values typed as the studio state fields. */
export const studioParsers = {
  v: parserFor("v", c("v")).withDefault(DEFAULT_STATE.models),
  img: parserFor("img", c("img")),
  layer: parserFor("layer", c("layer")),
  ch: parserFor("ch", c("ch")),
  cam: parserFor("cam", c("cam")).withDefault(DEFAULT_STATE.cam),
  cls: parserFor("cls", c("cls")),
  charts: parserFor("charts", c("charts")).withDefault(DEFAULT_STATE.charts),
  scale: parserFor("scale", c("scale")).withDefault(DEFAULT_STATE.scale),
  ov: parserFor("ov", c("ov")).withDefault(DEFAULT_STATE.overlay),
  n: parserFor("n", c("n")).withDefault(DEFAULT_STATE.runs),
  be: parserFor("be", c("be")).withDefault(DEFAULT_STATE.backend),
  res: parserFor("res", c("res")).withDefault(DEFAULT_STATE.res),
};
