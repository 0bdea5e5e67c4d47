// Numbered reasons for dropping a URL parameter (the "LAB3nn" range). A dropped parameter never throws and
// never reaches the page as markup: the notice shows the code, the key and a whitelisted excerpt only.

export const DROP_CODES = {
  LAB301: "unknown parameter",
  LAB302: "value too long",
  LAB303: "parameter repeated (first one kept)",
  LAB304: "too many parameters",
  LAB310: "malformed model/variant token",
  LAB311: "shrink ratio r out of 0…1",
  LAB312: "invalid stage pattern (4 stages of C/T, 1–48 blocks each)",
  LAB313: "unknown pattern preset",
  LAB314: "more than 4 models (extra dropped)",
  LAB315: "invalid model id",
  LAB320: "invalid image (gallery id, 'gallery' for the average, or 'uploaded')",
  LAB321: "invalid layer (tap path)",
  LAB322: "invalid channel",
  LAB323: "unknown CAM method",
  LAB324: "invalid class index",
  LAB325: "unknown chart id",
  LAB326: "invalid scale (log or lin)",
  LAB327: "invalid overlay flag (0 or 1)",
  LAB328: "invalid run count (1–50)",
  LAB329: "unknown backend (auto, wasm, webgpu)",
  LAB330: "invalid input size (multiple of 32, 64–512)",
} as const;

export type DropCode = keyof typeof DROP_CODES;

export interface Dropped {
  code: DropCode;
  key: string;
  /** Whitelisted, truncated excerpt of what was dropped: safe to show as text. */
  excerpt: string;
  reason: string;
}

const EXCERPT_MAX = 32;

/** Keeps only characters that cannot form markup or a URL scheme separator; everything else becomes "?". */
export function safeExcerpt(raw: string): string {
  const chars = Array.from(raw.slice(0, EXCERPT_MAX * 2)).slice(0, EXCERPT_MAX);
  const kept = chars.map((c) => (/^[A-Za-z0-9._~,=+-]$/.test(c) ? c : "?")).join("");
  return Array.from(raw).length > EXCERPT_MAX ? `${kept}…` : kept;
}

export function drop(code: DropCode, key: string, raw: string): Dropped {
  return { code, key: safeExcerpt(key), excerpt: safeExcerpt(raw), reason: DROP_CODES[code] };
}
