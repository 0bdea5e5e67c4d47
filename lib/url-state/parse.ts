// Whole-query parse and serialize for the studio. Never throws: anything invalid is dropped and listed.
import { drop, type Dropped } from "./codes";
import { CODECS, isDefault, URL_KEYS, type KeyCodec, type UrlKey } from "./keys";
import { DEFAULT_STATE, type StudioState } from "./schema";

export const MAX_VALUE_LENGTH = 512;
export const MAX_PARAMS = 32;

export interface ParseResult {
  state: StudioState;
  dropped: Dropped[];
}

const isKey = (k: string): k is UrlKey => (URL_KEYS as string[]).includes(k);

function entriesOf(query: string | URLSearchParams): [string, string][] {
  try {
    const sp = typeof query === "string" ? new URLSearchParams(query.startsWith("?") ? query.slice(1) : query) : query;
    return [...sp.entries()];
  } catch {
    return [];
  }
}

export function parseStudioQuery(query: string | URLSearchParams): ParseResult {
  const state: StudioState = structuredClone(DEFAULT_STATE);
  const dropped: Dropped[] = [];
  const seen = new Set<string>();
  const entries = entriesOf(query);
  entries.forEach(([key, raw], i) => {
    if (i >= MAX_PARAMS) {
      if (i === MAX_PARAMS) dropped.push(drop("LAB304", key, `${entries.length - MAX_PARAMS} more`));
      return;
    }
    if (!isKey(key)) return void dropped.push(drop("LAB301", key, raw));
    if (seen.has(key)) return void dropped.push(drop("LAB303", key, raw));
    seen.add(key);
    if (raw.length > MAX_VALUE_LENGTH) return void dropped.push(drop("LAB302", key, raw));
    const codec = CODECS[key] as unknown as KeyCodec<keyof StudioState>;
    const r = codec.parse(raw, key);
    dropped.push(...r.dropped);
    if (r.value !== undefined) (state as Record<string, unknown>)[codec.field] = r.value;
  });
  return { state, dropped };
}

/** Only non-default values are written, in a fixed key order, so equal states give equal URLs. */
export function serializeStudioQuery(state: StudioState): string {
  const sp: string[] = [];
  for (const key of URL_KEYS) {
    const codec = CODECS[key] as unknown as KeyCodec<keyof StudioState>;
    const value = state[codec.field];
    if (value === null || isDefault(key, state)) continue;
    sp.push(`${key}=${encodeURIComponent(codec.serialize(value)).replace(/%2C/g, ",").replace(/%7E/gi, "~")}`);
  }
  return sp.join("&");
}
