// Compact text form of models and variants for the `v` URL parameter.
//   variant: <S|B|L><r in hundredths 0–100>[-<preset id> | -<4 run-length stages joined by ".">]
//            e.g. "S75" (official Next-ViT-S), "S0-cttt", "B100-C3.C3T.C2TC2TC2TC2T.C2T"
//   model:   m-<manifest id>, e.g. "m-levit_128s"
//   list:    tokens joined by "~"
import { drop, type Dropped } from "./codes";
import {
  findPreset, isValidStage, matchPreset, MAX_VARIANTS, type ModelRef, type Size, type StagePattern, type Variant,
} from "../studio/variant";

export const VARIANT_SEP = "~";
export const MODEL_ID_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TOKEN_RE = /^([SBL])(\d{1,3})(?:-([A-Za-z0-9.]{1,200}))?$/;
const RLE_RE = /^(?:[CT](?:[1-9]\d?)?)+$/;

export function encodeStage(stage: string): string {
  let out = "";
  for (let i = 0; i < stage.length; ) {
    let j = i;
    while (j < stage.length && stage[j] === stage[i]) j++;
    out += stage[i] + (j - i > 1 ? String(j - i) : "");
    i = j;
  }
  return out;
}

/** Returns null when the run-length text is malformed or expands beyond the stage limit. */
export function decodeStage(text: string): string | null {
  if (!RLE_RE.test(text)) return null;
  let out = "";
  for (const m of text.matchAll(/([CT])(\d*)/g)) {
    out += m[1].repeat(m[2] ? Number(m[2]) : 1);
    if (out.length > 48) return null;
  }
  return isValidStage(out) ? out : null;
}

export function encodeVariant(v: Variant): string {
  const p = matchPreset(v);
  if (p?.id === "nhs4") return `${v.size}${v.rPct}`;
  return `${v.size}${v.rPct}-${p ? p.id : v.stages.map(encodeStage).join(".")}`;
}

export function encodeRef(r: ModelRef): string {
  return r.kind === "model" ? `m-${r.id}` : encodeVariant(r.variant);
}

export function encodeRefs(refs: readonly ModelRef[]): string {
  return refs.map(encodeRef).join(VARIANT_SEP);
}

export function decodeRef(token: string, key = "v"): { ref?: ModelRef; dropped?: Dropped } {
  if (token.startsWith("m-")) {
    const id = token.slice(2);
    return MODEL_ID_RE.test(id) ? { ref: { kind: "model", id } } : { dropped: drop("LAB315", key, token) };
  }
  const m = TOKEN_RE.exec(token);
  if (!m) return { dropped: drop("LAB310", key, token) };
  const size = m[1] as Size;
  const rPct = Number(m[2]);
  if (!(rPct >= 0 && rPct <= 100) || (m[2].length > 1 && m[2].startsWith("0"))) {
    return { dropped: drop("LAB311", key, token) };
  }
  const pat = m[3];
  let stages: StagePattern;
  if (pat === undefined) stages = findPreset("nhs4")!.stages(size);
  else if (/^[a-z][a-z0-9]*$/.test(pat)) {
    const preset = findPreset(pat);
    if (!preset) return { dropped: drop("LAB313", key, token) };
    stages = preset.stages(size);
  } else {
    const parts = pat.split(".");
    const decoded = parts.map(decodeStage);
    if (parts.length !== 4 || decoded.some((s) => s === null)) return { dropped: drop("LAB312", key, token) };
    stages = decoded as StagePattern;
  }
  return { ref: { kind: "variant", variant: { size, rPct, stages } } };
}

/** Decodes a whole `v` value: bad tokens and tokens beyond the fourth are dropped, each with a notice. */
export function decodeRefs(value: string, key = "v"): { refs: ModelRef[]; dropped: Dropped[] } {
  const refs: ModelRef[] = [];
  const dropped: Dropped[] = [];
  const tokens = value.split(VARIANT_SEP).filter((t) => t !== "");
  for (const token of tokens) {
    const { ref, dropped: d } = decodeRef(token, key);
    if (d) dropped.push(d);
    else if (ref && refs.length >= MAX_VARIANTS) dropped.push(drop("LAB314", key, token));
    else if (ref) refs.push(ref);
  }
  return { refs, dropped };
}
