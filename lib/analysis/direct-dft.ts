// Direct DFT kernels for tiny lengths, where a transform call's overhead outweighs any O(n log n)
// saving. Twiddles are indexed by (j·k mod n), so every root is computed once, exactly.
import type { ComplexPlan } from "./complex-plan";

/** exp(-2 pi i j / n) for j < n, interleaved. */
export function roots(n: number): Float64Array {
  const t = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    t[2 * j] = Math.cos((2 * Math.PI * j) / n);
    t[2 * j + 1] = -Math.sin((2 * Math.PI * j) / n);
  }
  return t;
}

/**
 * Odd n >= 3. Pairs t and n−t share |sin| and cos, so with s_t = x_t + x_{n−t}, d_t = x_t − x_{n−t}:
 * X_k = x_0 + Σ s_t cos θ − i Σ d_t sin θ and X_{n−k} = x_0 + Σ s_t cos θ + i Σ d_t sin θ,
 * a quarter of the multiplications of the plain sum.
 */
export class OddDirectPlan implements ComplexPlan {
  private readonly half: number;
  private readonly cos: Float64Array; // [k-1][t-1]
  private readonly sin: Float64Array;
  private readonly s: Float64Array;
  private readonly d: Float64Array;
  constructor(readonly n: number) {
    if (n % 2 !== 1 || n < 3) throw new RangeError(`OddDirectPlan needs an odd length >= 3, got ${n}`);
    const h = (this.half = (n - 1) / 2);
    const r = roots(n);
    this.cos = new Float64Array(h * h);
    this.sin = new Float64Array(h * h);
    for (let k = 1; k <= h; k++) {
      for (let t = 1; t <= h; t++) {
        const j = (k * t) % n;
        this.cos[(k - 1) * h + t - 1] = r[2 * j];
        this.sin[(k - 1) * h + t - 1] = -r[2 * j + 1];
      }
    }
    this.s = new Float64Array(2 * h);
    this.d = new Float64Array(2 * h);
  }
  forward(buf: Float64Array): void {
    const { n, half: h, cos, sin, s, d } = this;
    const x0r = buf[0], x0i = buf[1];
    let sumR = x0r, sumI = x0i;
    for (let t = 1; t <= h; t++) {
      const ar = buf[2 * t], ai = buf[2 * t + 1], br = buf[2 * (n - t)], bi = buf[2 * (n - t) + 1];
      s[2 * t - 2] = ar + br;
      s[2 * t - 1] = ai + bi;
      d[2 * t - 2] = ar - br;
      d[2 * t - 1] = ai - bi;
      sumR += ar + br;
      sumI += ai + bi;
    }
    buf[0] = sumR;
    buf[1] = sumI;
    for (let k = 1; k <= h; k++) {
      let Ar = 0, Ai = 0, Br = 0, Bi = 0;
      const o = (k - 1) * h;
      for (let t = 0; t < h; t++) {
        const c = cos[o + t], sn = sin[o + t];
        Ar += s[2 * t] * c;
        Ai += s[2 * t + 1] * c;
        Br += d[2 * t] * sn;
        Bi += d[2 * t + 1] * sn;
      }
      buf[2 * k] = x0r + Ar + Bi;
      buf[2 * k + 1] = x0i + Ai - Br;
      buf[2 * (n - k)] = x0r + Ar - Bi;
      buf[2 * (n - k) + 1] = x0i + Ai + Br;
    }
  }
}

/** Lengths 2 and 4: butterflies written out. */
export class Radix2or4Plan implements ComplexPlan {
  private readonly out = new Float64Array(8);
  constructor(readonly n: 2 | 4) {}
  forward(b: Float64Array): void {
    if (this.n === 2) {
      const ar = b[0], ai = b[1], br = b[2], bi = b[3];
      b[0] = ar + br;
      b[1] = ai + bi;
      b[2] = ar - br;
      b[3] = ai - bi;
      return;
    }
    dft4(b, 0, 2, this.out);
    b.set(this.out);
  }
}

const C1 = Math.cos((2 * Math.PI) / 7), C2 = Math.cos((4 * Math.PI) / 7), C3 = Math.cos((6 * Math.PI) / 7);
const S1 = Math.sin((2 * Math.PI) / 7), S2 = Math.sin((4 * Math.PI) / 7), S3 = Math.sin((6 * Math.PI) / 7);

/**
 * DFT-7 of src[so], src[so + ss], ... (offsets and strides in doubles) into dst likewise; all
 * inputs are read before any output is written, so src and dst may alias. OddDirectPlan's sums, unrolled.
 */
export function dft7(src: Float64Array, so: number, ss: number, dst: Float64Array, dOff: number, ds: number): void {
  const x0r = src[so], x0i = src[so + 1];
  const a1 = so + ss, a2 = so + 2 * ss, a3 = so + 3 * ss, a4 = so + 4 * ss, a5 = so + 5 * ss, a6 = so + 6 * ss;
  const s1r = src[a1] + src[a6], s1i = src[a1 + 1] + src[a6 + 1], d1r = src[a1] - src[a6], d1i = src[a1 + 1] - src[a6 + 1];
  const s2r = src[a2] + src[a5], s2i = src[a2 + 1] + src[a5 + 1], d2r = src[a2] - src[a5], d2i = src[a2 + 1] - src[a5 + 1];
  const s3r = src[a3] + src[a4], s3i = src[a3 + 1] + src[a4 + 1], d3r = src[a3] - src[a4], d3i = src[a3 + 1] - src[a4 + 1];
  dst[dOff] = x0r + s1r + s2r + s3r;
  dst[dOff + 1] = x0i + s1i + s2i + s3i;
  // k = 1: angles 1, 2, 3 (x 2π/7); k = 2: 2, 4≡−3, 6≡−1; k = 3: 3, 6≡−1, 9≡2
  let ar = x0r + C1 * s1r + C2 * s2r + C3 * s3r, ai = x0i + C1 * s1i + C2 * s2i + C3 * s3i;
  let br = S1 * d1r + S2 * d2r + S3 * d3r, bi = S1 * d1i + S2 * d2i + S3 * d3i;
  dst[dOff + ds] = ar + bi; dst[dOff + ds + 1] = ai - br; dst[dOff + 6 * ds] = ar - bi; dst[dOff + 6 * ds + 1] = ai + br;
  ar = x0r + C2 * s1r + C3 * s2r + C1 * s3r; ai = x0i + C2 * s1i + C3 * s2i + C1 * s3i;
  br = S2 * d1r - S3 * d2r - S1 * d3r; bi = S2 * d1i - S3 * d2i - S1 * d3i;
  dst[dOff + 2 * ds] = ar + bi; dst[dOff + 2 * ds + 1] = ai - br; dst[dOff + 5 * ds] = ar - bi; dst[dOff + 5 * ds + 1] = ai + br;
  ar = x0r + C3 * s1r + C1 * s2r + C2 * s3r; ai = x0i + C3 * s1i + C1 * s2i + C2 * s3i;
  br = S3 * d1r - S1 * d2r + S2 * d3r; bi = S3 * d1i - S1 * d2i + S2 * d3i;
  dst[dOff + 3 * ds] = ar + bi; dst[dOff + 3 * ds + 1] = ai - br; dst[dOff + 4 * ds] = ar - bi; dst[dOff + 4 * ds + 1] = ai + br;
}

/** n = 7: every Next-ViT map size at 224² (56, 28, 14, 7) has this factor. */
export class Dft7Plan implements ComplexPlan {
  readonly n = 7;
  forward(b: Float64Array): void {
    dft7(b, 0, 2, b, 0, 2);
  }
}

/** DFT-4 of src[o], src[o + stride], ... (complex stride in doubles) into out[0..8). */
export function dft4(src: Float64Array, o: number, stride: number, out: Float64Array): void {
  const x0r = src[o], x0i = src[o + 1], x1r = src[o + stride], x1i = src[o + stride + 1];
  const x2r = src[o + 2 * stride], x2i = src[o + 2 * stride + 1], x3r = src[o + 3 * stride], x3i = src[o + 3 * stride + 1];
  const ar = x0r + x2r, ai = x0i + x2i, br = x0r - x2r, bi = x0i - x2i;
  const cr = x1r + x3r, ci = x1i + x3i, dr = x1r - x3r, di = x1i - x3i;
  out[0] = ar + cr;
  out[1] = ai + ci;
  out[2] = br + di;
  out[3] = bi - dr;
  out[4] = ar - cr;
  out[5] = ai - ci;
  out[6] = br - di;
  out[7] = bi + dr;
}
