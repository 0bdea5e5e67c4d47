// One Cooley–Tukey step for n = n1·n2 (feature maps: 56 = 7·8, 28 = 7·4, 14 = 7·2):
// X[k1 + n1·k2] = Σ_t2 e^{−2πi t2 k2/n2} · e^{−2πi t2 k1/n} · DFT_n1(x[n2·t1 + t2])[k1].
// Inner n1-point transforms run on stride-n2 subsequences; the outer n2-point transforms are
// written-out butterflies for n2 = 2, 4, 8 and a plan (fft.js) otherwise.
import { roots } from "./direct-dft";
import type { ComplexPlan } from "./fft-plan";

export class SplitPlan implements ComplexPlan {
  readonly n: number;
  private readonly twiddle: Float64Array; // [t2][k1] -> exp(-2 pi i t2 k1 / n)
  private readonly inner: Float64Array;
  private readonly mid: Float64Array; // twiddled inner outputs, [k1][t2]
  private readonly midRows: Float64Array[];
  private readonly e8 = new Float64Array(8);
  private readonly o8 = new Float64Array(8);
  private readonly t8 = new Float64Array(8);

  constructor(private readonly n1: number, private readonly n2: number, private readonly p1: ComplexPlan, private readonly p2: ComplexPlan) {
    const n = (this.n = n1 * n2);
    const r = roots(n);
    this.twiddle = new Float64Array(2 * n);
    for (let t2 = 0; t2 < n2; t2++) {
      for (let k1 = 0; k1 < n1; k1++) {
        const j = (t2 * k1) % n;
        this.twiddle[2 * (t2 * n1 + k1)] = r[2 * j];
        this.twiddle[2 * (t2 * n1 + k1) + 1] = r[2 * j + 1];
      }
    }
    this.inner = new Float64Array(2 * n1);
    this.mid = new Float64Array(2 * n);
    this.midRows = [];
    for (let k1 = 0; k1 < n1; k1++) this.midRows.push(this.mid.subarray(2 * k1 * n2, 2 * (k1 + 1) * n2));
  }

  forward(buf: Float64Array): void {
    const { n1, n2, inner, mid, twiddle } = this;
    for (let t2 = 0; t2 < n2; t2++) {
      for (let t1 = 0; t1 < n1; t1++) {
        inner[2 * t1] = buf[2 * (n2 * t1 + t2)];
        inner[2 * t1 + 1] = buf[2 * (n2 * t1 + t2) + 1];
      }
      this.p1.forward(inner);
      for (let k1 = 0; k1 < n1; k1++) {
        const yr = inner[2 * k1], yi = inner[2 * k1 + 1];
        const o = 2 * (t2 * n1 + k1);
        const wr = twiddle[o], wi = twiddle[o + 1];
        mid[2 * (k1 * n2 + t2)] = yr * wr - yi * wi;
        mid[2 * (k1 * n2 + t2) + 1] = yr * wi + yi * wr;
      }
    }
    if (n2 === 2) this.outer2(buf);
    else if (n2 === 4) this.outer4(buf);
    else if (n2 === 8) this.outer8(buf);
    else {
      for (let k1 = 0; k1 < n1; k1++) {
        const row = this.midRows[k1];
        this.p2.forward(row);
        for (let k2 = 0; k2 < n2; k2++) {
          buf[2 * (k1 + n1 * k2)] = row[2 * k2];
          buf[2 * (k1 + n1 * k2) + 1] = row[2 * k2 + 1];
        }
      }
    }
  }

  private outer2(buf: Float64Array): void {
    const { n1, mid } = this;
    for (let k1 = 0; k1 < n1; k1++) {
      const o = 4 * k1;
      const ar = mid[o], ai = mid[o + 1], br = mid[o + 2], bi = mid[o + 3];
      buf[2 * k1] = ar + br;
      buf[2 * k1 + 1] = ai + bi;
      buf[2 * (k1 + n1)] = ar - br;
      buf[2 * (k1 + n1) + 1] = ai - bi;
    }
  }

  private outer4(buf: Float64Array): void {
    const { n1, mid } = this;
    for (let k1 = 0; k1 < n1; k1++) {
      const o = 8 * k1;
      const x0r = mid[o], x0i = mid[o + 1], x1r = mid[o + 2], x1i = mid[o + 3];
      const x2r = mid[o + 4], x2i = mid[o + 5], x3r = mid[o + 6], x3i = mid[o + 7];
      const ar = x0r + x2r, ai = x0i + x2i, br = x0r - x2r, bi = x0i - x2i;
      const cr = x1r + x3r, ci = x1i + x3i, dr = x1r - x3r, di = x1i - x3i;
      buf[2 * k1] = ar + cr;
      buf[2 * k1 + 1] = ai + ci;
      buf[2 * (k1 + 2 * n1)] = ar - cr;
      buf[2 * (k1 + 2 * n1) + 1] = ai - ci;
      buf[2 * (k1 + n1)] = br + di;
      buf[2 * (k1 + n1) + 1] = bi - dr;
      buf[2 * (k1 + 3 * n1)] = br - di;
      buf[2 * (k1 + 3 * n1) + 1] = bi + dr;
    }
  }

  // DFT-8 as two DFT-4 (even/odd samples) joined with the roots of unity of order 8.
  private outer8(buf: Float64Array): void {
    const { n1, mid } = this;
    const r = Math.SQRT1_2;
    const e = this.e8, od = this.o8, t = this.t8;
    for (let k1 = 0; k1 < n1; k1++) {
      const o = 16 * k1;
      dft4(mid, o, 4, e);
      dft4(mid, o + 2, 4, od);
      // W^k · O_k for k = 0..3, W = e^{-iπ/4}
      t[0] = od[0]; t[1] = od[1]; t[2] = r * (od[2] + od[3]); t[3] = r * (od[3] - od[2]);
      t[4] = od[5]; t[5] = -od[4]; t[6] = r * (od[7] - od[6]); t[7] = -r * (od[6] + od[7]);
      for (let k = 0; k < 4; k++) {
        buf[2 * (k1 + k * n1)] = e[2 * k] + t[2 * k];
        buf[2 * (k1 + k * n1) + 1] = e[2 * k + 1] + t[2 * k + 1];
        buf[2 * (k1 + (k + 4) * n1)] = e[2 * k] - t[2 * k];
        buf[2 * (k1 + (k + 4) * n1) + 1] = e[2 * k + 1] - t[2 * k + 1];
      }
    }
  }
}

/** DFT-4 of src[o], src[o + stride], ... (complex stride in doubles) into out[0..8). */
function dft4(src: Float64Array, o: number, stride: number, out: Float64Array): void {
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
