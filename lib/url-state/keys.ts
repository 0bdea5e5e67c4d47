// One codec per URL key: parse(raw) gives a value or a Dropped notice, serialize(value) gives compact text.
// Both the pure query parser (tests, notices) and the nuqs parsers (the page) are built from these.
import { z } from "zod";
import { drop, type Dropped, type DropCode } from "./codes";
import { decodeRefs, encodeRefs } from "./variant-codec";
import {
  BACKENDS, CAM_METHODS, CHART_IDS, DEFAULT_STATE, GALLERY_AVERAGE, GALLERY_ID_RE, SCALES, TAP_RE, UPLOADED,
  type ImageSource, type StudioState,
} from "./schema";
import { sameRef } from "../studio/variant";

export type Parsed<T> = { value: T; dropped: Dropped[] } | { value?: undefined; dropped: Dropped[] };

export interface KeyCodec<K extends keyof StudioState> {
  field: K;
  parse(raw: string, key: string): Parsed<StudioState[K]>;
  serialize(value: StudioState[K]): string;
  eq(a: StudioState[K], b: StudioState[K]): boolean;
}

const ok = <T>(value: T, dropped: Dropped[] = []): Parsed<T> => ({ value, dropped });
const bad = (code: DropCode, key: string, raw: string): Parsed<never> => ({ dropped: [drop(code, key, raw)] });
const same = <T>(a: T, b: T) => a === b;

function fromZod<K extends keyof StudioState>(
  field: K, code: DropCode, schema: z.ZodType<StudioState[K]>, serialize: (v: StudioState[K]) => string,
): KeyCodec<K> {
  return {
    field,
    parse: (raw, key) => {
      const r = schema.safeParse(raw);
      return r.success ? ok(r.data) : bad(code, key, raw);
    },
    serialize,
    eq: same,
  };
}

/** Plain decimal integers only: no signs, exponents, hex, leading zeros or NaN/Infinity spellings. */
const intIn = (max: number) =>
  z.string().regex(/^(?:0|[1-9]\d{0,5})$/).transform(Number).pipe(z.number().int().min(0).max(max));

const models: KeyCodec<"models"> = {
  field: "models",
  parse: (raw, key) => {
    const { refs, dropped } = decodeRefs(raw, key);
    return refs.length > 0 ? ok(refs, dropped) : { dropped: dropped.length ? dropped : [drop("LAB310", key, raw)] };
  },
  serialize: encodeRefs,
  eq: (a, b) => a.length === b.length && a.every((r, i) => sameRef(r, b[i])),
};

const image: KeyCodec<"image"> = {
  field: "image",
  parse: (raw, key) => {
    if (raw === UPLOADED) return ok<ImageSource>({ kind: "uploaded" });
    if (raw === GALLERY_AVERAGE) return ok<ImageSource>({ kind: "average" });
    return GALLERY_ID_RE.test(raw) ? ok<ImageSource>({ kind: "gallery", id: raw }) : bad("LAB320", key, raw);
  },
  serialize: (v) => (v === null ? "" : v.kind === "uploaded" ? UPLOADED : v.kind === "average" ? GALLERY_AVERAGE : v.id),
  eq: (a, b) => (a === null || b === null ? a === b : image.serialize(a) === image.serialize(b)),
};

const charts: KeyCodec<"charts"> = {
  field: "charts",
  parse: (raw, key) => {
    const out: StudioState["charts"] = [];
    const dropped: Dropped[] = [];
    for (const t of raw.split(",").filter(Boolean)) {
      const hit = CHART_IDS.find((c) => c === t);
      if (!hit) dropped.push(drop("LAB325", key, t));
      else if (!out.includes(hit)) out.push(hit);
    }
    return raw === "" || out.length > 0 ? ok(out, dropped) : { dropped };
  },
  serialize: (v) => v.join(","),
  eq: (a, b) => a.length === b.length && a.every((c, i) => c === b[i]),
};

export const CODECS = {
  v: models,
  img: image,
  layer: fromZod("layer", "LAB321", z.string().regex(TAP_RE), (v) => v ?? ""),
  ch: fromZod("channel", "LAB322", intIn(4095), (v) => String(v)),
  cam: fromZod("cam", "LAB323", z.enum(CAM_METHODS), (v) => v),
  cls: fromZod("cls", "LAB324", intIn(21_840), (v) => String(v)),
  charts,
  scale: fromZod("scale", "LAB326", z.enum(SCALES), (v) => v),
  ov: fromZod("overlay", "LAB327", z.enum(["0", "1"]).transform((s) => s === "1"), (v) => (v ? "1" : "0")),
  n: fromZod("runs", "LAB328", intIn(50).pipe(z.number().min(1)), (v) => String(v)),
  be: fromZod("backend", "LAB329", z.enum(BACKENDS), (v) => v),
  res: fromZod("res", "LAB330", intIn(512).pipe(z.number().min(64).multipleOf(32)), (v) => String(v)),
} as const;

export type UrlKey = keyof typeof CODECS;
export const URL_KEYS = Object.keys(CODECS) as UrlKey[];

export function isDefault<K extends UrlKey>(key: K, state: StudioState): boolean {
  const c = CODECS[key] as unknown as KeyCodec<keyof StudioState>;
  return c.eq(state[c.field], DEFAULT_STATE[c.field]);
}
