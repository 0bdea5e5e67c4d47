// LeViT's auxiliary outputs (lib/runtime/build-zoo.ts) grouped per attention block: the
// softmax `blocks.N.attention` [1, H, Nq, Nk] and the bias table `levit.bias.blocks.N` [H, R²].
// The grids follow from the shapes: keys lie on the R×R grid, queries on √Nq × √Nq.
import type { AuxTensor } from "@/lib/runtime/protocol";
import { LEVIT_BIAS_PREFIX } from "@/lib/runtime/build-zoo-names";

export interface LeViTAttention {
  block: string; // "blocks.N"
  heads: number;
  keySide: number; // R
  querySide: number; // R, or ⌈R/2⌉ in the shrinking attentions
  attention: Float32Array;
  bias: Float32Array;
}

function side(n: number, what: string): number {
  const s = Math.round(Math.sqrt(n));
  if (s * s !== n) throw new Error(`${what}: ${n} positions do not form a square grid`);
  return s;
}

export function levitAttentions(aux: readonly AuxTensor[] | undefined): LeViTAttention[] {
  const byName = new Map((aux ?? []).map((a) => [a.name, a]));
  const out: LeViTAttention[] = [];
  for (const a of aux ?? []) {
    const m = /^(blocks\.\d+)\.attention$/.exec(a.name);
    const bias = m && byName.get(`${LEVIT_BIAS_PREFIX}${m[1]}`);
    if (!m || !bias || a.dims.length !== 4) continue;
    const [, heads, nq, nk] = a.dims;
    out.push({ block: m[1], heads, keySide: side(nk, a.name), querySide: side(nq, a.name), attention: a.data, bias: bias.data });
  }
  return out.sort((x, y) => Number(x.block.split(".")[1]) - Number(y.block.split(".")[1]));
}

/** One head's attention over the key grid for query q (row-major on the query grid). */
export function attentionRow(a: LeViTAttention, head: number, q: number): Float32Array {
  const nq = a.querySide ** 2, nk = a.keySide ** 2;
  return a.attention.subarray((head * nq + q) * nk, (head * nq + q + 1) * nk);
}

/** The query under a point given as fractions (0..1) of the image's width and height. */
export function queryAt(fx: number, fy: number, querySide: number): number {
  const clamp = (f: number) => Math.min(querySide - 1, Math.max(0, Math.floor(f * querySide)));
  return clamp(fy) * querySide + clamp(fx);
}
