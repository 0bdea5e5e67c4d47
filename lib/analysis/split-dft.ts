// One Cooley–Tukey step for n = n1·n2 (feature maps: 56 = 7·8, 28 = 7·4, 14 = 7·2):
// X[k1 + n1·k2] = Σ_t2 e^{−2πi t2 k2/n2} · e^{−2πi t2 k1/n} · DFT_n1(x[n2·t1 + t2])[k1].
// Inner n1-point transforms run on stride-n2 subsequences; the outer n2-point transforms are
// written-out butterflies for n2 = 2, 4 and a plan (fft.js) otherwise.
import { roots } from "./direct-dft";
import type { ComplexPlan } from "./fft-plan";

export class SplitPlan implements ComplexPlan {
  readonly n: number;
  private readonly twiddle: Float64Array; // [t2][k1] -> exp(-2 pi i t2 k1 / n)
  private readonly inner: Float64Array;
  private readonly mid: Float64Array; // twiddled inner outputs, [k1][t2]
  private readonly midRows: Float64Array[];

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
}
