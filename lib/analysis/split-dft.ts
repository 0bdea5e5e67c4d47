// One Cooley–Tukey step for n = n1·n2 (feature maps: 56 = 7·8, 28 = 7·4, 14 = 7·2):
// X[k1 + n1·k2] = Σ_t2 e^{−2πi t2 k2/n2} · e^{−2πi t2 k1/n} · DFT_n1(x[n2·t1 + t2])[k1].
// Inner n1-point transforms run on stride-n2 subsequences; the outer n2-point transforms are
// written-out butterflies for n2 = 2, 4, 8 and a plan (fft.js) otherwise.
import { Dft7Plan, dft4, dft7, roots } from "./direct-dft";
import type { ComplexPlan } from "./complex-plan";

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
    if (this.p1 instanceof Dft7Plan) {
      // Fused: DFT-7 straight from the stride-n2 input into mid[k1][t2], then twiddle in place.
      for (let t2 = 0; t2 < n2; t2++) {
        dft7(buf, 2 * t2, 2 * n2, mid, 2 * t2, 2 * n2);
        for (let k1 = 1; k1 < n1; k1++) {
          const m = 2 * (k1 * n2 + t2), o = 2 * (t2 * n1 + k1);
          const yr = mid[m], yi = mid[m + 1], wr = twiddle[o], wi = twiddle[o + 1];
          mid[m] = yr * wr - yi * wi;
          mid[m + 1] = yr * wi + yi * wr;
        }
      }
    } else {
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
    const x = this.e8;
    for (let k1 = 0; k1 < n1; k1++) {
      dft4(mid, 8 * k1, 2, x);
      for (let k = 0; k < 4; k++) {
        buf[2 * (k1 + k * n1)] = x[2 * k];
        buf[2 * (k1 + k * n1) + 1] = x[2 * k + 1];
      }
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
