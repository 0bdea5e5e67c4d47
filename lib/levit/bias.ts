// LeViT's attention-bias lookup. The official code numbers offsets (|dy|, |dx|) in order of
// first appearance over all (query, key) pairs; the first query sits at (0, 0) and sees every
// key, so that order is |dy|·R + |dx| for the key grid side R (timm computes it directly).

/**
 * Index into the [heads, R²] bias table for each (query, key) pair, query-major. Queries lie
 * on the subsampled grid (side rq, positions ·stride) and keys on the full grid (side r).
 */
export function attentionBiasIndex(r: number, rq = r, stride = 1): number[] {
  const idx: number[] = [];
  for (let qy = 0; qy < rq; qy++) {
    for (let qx = 0; qx < rq; qx++) {
      for (let ky = 0; ky < r; ky++) {
        for (let kx = 0; kx < r; kx++) idx.push(Math.abs(qy * stride - ky) * r + Math.abs(qx * stride - kx));
      }
    }
  }
  return idx;
}

/** The bias of one head as a function of the offset: a (2R-1)x(2R-1) map centred on (0, 0). */
export function biasOffsetMap(table: Float32Array, heads: number, r: number, head: number): { side: number; data: Float32Array } {
  if (table.length !== heads * r * r) throw new Error(`biasOffsetMap: table has ${table.length} values, expected ${heads}x${r * r}`);
  const side = 2 * r - 1;
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) data[y * side + x] = table[head * r * r + Math.abs(y - (r - 1)) * r + Math.abs(x - (r - 1))];
  }
  return { side, data };
}
