// The /paper view in the URL (nuqs parsers, one per key). Unknown or out-of-range values fall back to the
// default rather than failing the page: a shared link always opens.
//   src=gallery|files  which images are averaged (the user's own files cannot travel in a link)
//   rows=1…8           Grad-CAM rows (the first images of the set)
//   ov=true            ΔlogA curves of the three models on one chart instead of side by side
//   run=true           the figure was made: a link with it (gallery source) makes it again on arrival
//   be=wasm|webgpu     the analysis backend
//   m=id,id            manifest ids replacing the default model of their role (e.g. an untrained one)
import { createParser, parseAsArrayOf, parseAsBoolean, parseAsStringLiteral } from "nuqs";
import { MODEL_ID_RE } from "./variant-codec";

export const PAPER_SOURCES = ["gallery", "files"] as const;
export const PAPER_BACKENDS = ["wasm", "webgpu"] as const;
export const MAX_CAM_ROWS = 8;

export const parseRows = (raw: string): number | null => {
  if (!/^\d{1,2}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= MAX_CAM_ROWS ? n : null;
};

const rows = createParser({ parse: parseRows, serialize: (n: number) => String(n) });
const modelId = createParser({ parse: (raw: string) => (MODEL_ID_RE.test(raw) && raw.length <= 64 ? raw : null), serialize: (s: string) => s });

export const paperParsers = {
  src: parseAsStringLiteral(PAPER_SOURCES).withDefault("gallery"),
  rows: rows.withDefault(4),
  ov: parseAsBoolean.withDefault(false),
  run: parseAsBoolean.withDefault(false),
  be: parseAsStringLiteral(PAPER_BACKENDS).withDefault("wasm"),
  m: parseAsArrayOf(modelId).withDefault([]),
};
