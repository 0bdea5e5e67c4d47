// Next-ViT checkpoints come in two key layouts: the official one (bytedance/Next-ViT:
// `features.N`, `mlp.conv1/conv2`, `proj_head.0`) and timm's (`stages.S.blocks.B`,
// `mlp.fc1/fc2`, `head.fc`). The tensors are identical; only names differ.
import { CheckpointError } from "../checkpoint/errors";

export type NextVitLayout = "official" | "timm";

const OFFICIAL_BLOCK = /^features\.(\d+)\.(.*)$/;
const TIMM_BLOCK = /^stages\.(\d+)\.blocks\.(\d+)\.(.*)$/;
const OFFICIAL_HEAD = "proj_head.0.";
const TIMM_HEAD = "head.fc.";

/** "official", "timm", or "unknown" when the keys show neither (or both). */
export function detectNextVitLayout(keys: Iterable<string>): NextVitLayout | "unknown" {
  let official = false;
  let timm = false;
  for (const k of keys) {
    if (k.startsWith("features.") || k.startsWith(OFFICIAL_HEAD)) official = true;
    else if (k.startsWith("stages.") || k.startsWith(TIMM_HEAD)) timm = true;
  }
  return official === timm ? "unknown" : official ? "official" : "timm";
}

/** Blocks per stage, read from timm keys (the official layout numbers blocks globally and cannot tell). */
export function inferDepthsFromTimmKeys(keys: Iterable<string>): number[] {
  const depths: number[] = [];
  for (const k of keys) {
    const m = TIMM_BLOCK.exec(k);
    if (!m) continue;
    const s = Number(m[1]);
    const b = Number(m[2]);
    if (s > 64) throw new CheckpointError("LAB106", `key ${k} names stage ${s}`, { tensor: k });
    while (depths.length <= s) depths.push(0);
    depths[s] = Math.max(depths[s], b + 1);
  }
  return depths;
}

function renameMlp(rest: string, from: "conv" | "fc", to: "conv" | "fc"): string {
  return rest.replace(new RegExp(`^mlp\\.${from}([12])\\.`), `mlp.${to}$1.`);
}

export function officialKeyToTimm(key: string, depths: readonly number[]): string {
  if (key.startsWith(OFFICIAL_HEAD)) return TIMM_HEAD + key.slice(OFFICIAL_HEAD.length);
  const m = OFFICIAL_BLOCK.exec(key);
  if (!m) return key;
  let b = Number(m[1]);
  for (let s = 0; s < depths.length; s++) {
    if (b < depths[s]) return `stages.${s}.blocks.${b}.${renameMlp(m[2], "conv", "fc")}`;
    b -= depths[s];
  }
  throw new CheckpointError("LAB106", `key ${key} lies beyond the ${depths.reduce((a, d) => a + d, 0)} blocks of depths [${depths.join(", ")}]`, {
    tensor: key,
  });
}

export function timmKeyToOfficial(key: string, depths: readonly number[]): string {
  if (key.startsWith(TIMM_HEAD)) return OFFICIAL_HEAD + key.slice(TIMM_HEAD.length);
  const m = TIMM_BLOCK.exec(key);
  if (!m) return key;
  const s = Number(m[1]);
  const b = Number(m[2]);
  if (s >= depths.length || b >= depths[s]) {
    throw new CheckpointError("LAB106", `key ${key} lies beyond depths [${depths.join(", ")}]`, { tensor: key });
  }
  const index = depths.slice(0, s).reduce((a, d) => a + d, 0) + b;
  return `features.${index}.${renameMlp(m[3], "fc", "conv")}`;
}

function renameAll<T>(sd: Map<string, T>, rename: (k: string) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const [k, v] of sd) {
    const nk = rename(k);
    if (out.has(nk)) throw new CheckpointError("LAB106", `keys collide on ${nk}`, { tensor: k });
    out.set(nk, v);
  }
  return out;
}

/** Any Next-ViT state dict -> official layout. `depths` defaults to what the timm keys show. */
export function toOfficialLayout<T>(sd: Map<string, T>, depths?: readonly number[]): Map<string, T> {
  if (detectNextVitLayout(sd.keys()) !== "timm") return new Map(sd);
  const d = depths ?? inferDepthsFromTimmKeys(sd.keys());
  return renameAll(sd, (k) => timmKeyToOfficial(k, d));
}

/** Any Next-ViT state dict -> timm layout; needs the depths to split the global block index. */
export function toTimmLayout<T>(sd: Map<string, T>, depths: readonly number[]): Map<string, T> {
  if (detectNextVitLayout(sd.keys()) !== "official") return new Map(sd);
  return renameAll(sd, (k) => officialKeyToTimm(k, depths));
}
