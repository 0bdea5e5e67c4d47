// Bilinear resize with half-pixel centres and edge clamping: cv2.resize(INTER_LINEAR) on float
// data, and torch's interpolate(mode="bilinear", align_corners=False).

function axis(outSize: number, inSize: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize), f = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let d = 0; d < outSize; d++) {
    let s = (d + 0.5) * scale - 0.5;
    if (s < 0) s = 0;
    let lo = Math.floor(s);
    if (lo >= inSize - 1) {
      lo = inSize - 1;
      s = lo;
    }
    i0[d] = lo;
    i1[d] = Math.min(lo + 1, inSize - 1);
    f[d] = s - lo;
  }
  return { i0, i1, f };
}

export function resizeBilinear(src: ArrayLike<number>, h: number, w: number, outH: number, outW: number): Float64Array {
  const ys = axis(outH, h), xs = axis(outW, w);
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const r0 = ys.i0[y] * w, r1 = ys.i1[y] * w, fy = ys.f[y];
    for (let x = 0; x < outW; x++) {
      const c0 = xs.i0[x], c1 = xs.i1[x], fx = xs.f[x];
      const top = src[r0 + c0] * (1 - fx) + src[r0 + c1] * fx;
      const bottom = src[r1 + c0] * (1 - fx) + src[r1 + c1] * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
