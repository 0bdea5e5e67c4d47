// 1-D complex DFT plans of any length, float64, interleaved [re0, im0, re1, im1, ...].
// Every plan computes the exact length-n DFT: bin k is exactly frequency 2*pi*k/n. The signal is
// never zero-padded (that would resample the spectrum); any padding lives inside a convolution.
// - powers of two >= 8: fft.js;
// - odd lengths > 31: Bluestein's chirp-z, a circular convolution of power-of-two length m >= 2n-1
//   evaluated with fft.js;
// - n = q * 2^a (feature maps: 56 = 7*8, 28, 14): one Cooley-Tukey split into q-point and 2^a-point
//   transforms, because at these tiny sizes Bluestein's two length-m FFTs per line cost ~4x more;
// - tiny lengths (odd <= 31, 2, 4): a direct sum with precomputed twiddles (call overhead dominates).
// `complexPlan(n, "bluestein")` forces the chirp-z path for any non-power-of-two length.
import FFT from "fft.js";

export interface ComplexPlan {
  readonly n: number;
  /** In-place forward DFT (kernel e^{-2 pi i k t / n}, unnormalised) of `buf` (length >= 2n). */
  forward(buf: Float64Array): void;
}

const isPow2 = (n: number): boolean => n > 1 && (n & (n - 1)) === 0;

class IdentityPlan implements ComplexPlan {
  readonly n = 1;
  forward(): void {}
}

class Pow2Plan implements ComplexPlan {
  private readonly fft: FFT;
  private readonly out: Float64Array;
  constructor(readonly n: number) {
    this.fft = new FFT(n);
    this.out = new Float64Array(2 * n);
  }
  forward(buf: Float64Array): void {
    this.fft.transform(this.out, buf);
    buf.set(this.out);
  }
}

class BluesteinPlan implements ComplexPlan {
  readonly m: number;
  private readonly fft: FFT;
  private readonly chirp: Float64Array; // e^{i pi k^2 / n}, k < n
  private readonly kernelHat: Float64Array; // FFT of the chirp kernel, pre-divided by m
  private readonly a: Float64Array;
  private readonly A: Float64Array;

  constructor(readonly n: number) {
    let m = 2;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.fft = new FFT(m);
    this.chirp = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      // k^2 mod 2n keeps the angle small, so cos/sin stay accurate for large k.
      const angle = (Math.PI * ((k * k) % (2 * n))) / n;
      this.chirp[2 * k] = Math.cos(angle);
      this.chirp[2 * k + 1] = Math.sin(angle);
    }
    const kernel = new Float64Array(2 * m);
    for (let k = 0; k < n; k++) {
      kernel[2 * k] = this.chirp[2 * k];
      kernel[2 * k + 1] = this.chirp[2 * k + 1];
      if (k > 0) {
        kernel[2 * (m - k)] = this.chirp[2 * k];
        kernel[2 * (m - k) + 1] = this.chirp[2 * k + 1];
      }
    }
    this.kernelHat = new Float64Array(2 * m);
    this.fft.transform(this.kernelHat, kernel);
    for (let i = 0; i < 2 * m; i++) this.kernelHat[i] /= m;
    this.a = new Float64Array(2 * m);
    this.A = new Float64Array(2 * m);
  }

  forward(buf: Float64Array): void {
    const { n, m, chirp, kernelHat, a, A } = this;
    for (let k = 0; k < n; k++) {
      const xr = buf[2 * k], xi = buf[2 * k + 1];
      const c = chirp[2 * k], s = chirp[2 * k + 1];
      a[2 * k] = xr * c + xi * s;
      a[2 * k + 1] = xi * c - xr * s;
    }
    a.fill(0, 2 * n);
    this.fft.transform(A, a);
    // Inverse FFT via conj(FFT(conj(.))): write conj(A * kernelHat) and transform forward again.
    for (let j = 0; j < 2 * m; j += 2) {
      const ar = A[j], ai = A[j + 1], br = kernelHat[j], bi = kernelHat[j + 1];
      a[j] = ar * br - ai * bi;
      a[j + 1] = -(ar * bi + ai * br);
    }
    this.fft.transform(A, a);
    for (let k = 0; k < n; k++) {
      const cr = A[2 * k], ci = -A[2 * k + 1];
      const c = chirp[2 * k], s = chirp[2 * k + 1];
      buf[2 * k] = cr * c + ci * s;
      buf[2 * k + 1] = ci * c - cr * s;
    }
  }
}

/** exp(-2 pi i j / n) for j < n, interleaved; (jk mod n) indexes it exactly. */
function roots(n: number): Float64Array {
  const t = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    t[2 * j] = Math.cos((2 * Math.PI * j) / n);
    t[2 * j + 1] = -Math.sin((2 * Math.PI * j) / n);
  }
  return t;
}

class DirectPlan implements ComplexPlan {
  private readonly w: Float64Array; // n x n matrix of roots
  private readonly out: Float64Array;
  constructor(readonly n: number) {
    const r = roots(n);
    this.w = new Float64Array(2 * n * n);
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < n; t++) {
        const j = (k * t) % n;
        this.w[2 * (k * n + t)] = r[2 * j];
        this.w[2 * (k * n + t) + 1] = r[2 * j + 1];
      }
    }
    this.out = new Float64Array(2 * n);
  }
  forward(buf: Float64Array): void {
    const { n, w, out } = this;
    for (let k = 0; k < n; k++) {
      let re = 0, im = 0;
      for (let t = 0, o = 2 * k * n; t < n; t++, o += 2) {
        const wr = w[o], wi = w[o + 1], xr = buf[2 * t], xi = buf[2 * t + 1];
        re += wr * xr - wi * xi;
        im += wr * xi + wi * xr;
      }
      out[2 * k] = re;
      out[2 * k + 1] = im;
    }
    buf.set(out);
  }
}

/** n = n1 * n2: inner n1-point DFTs over stride-n2 subsequences, twiddle, outer n2-point DFTs. */
class SplitPlan implements ComplexPlan {
  readonly n: number;
  private readonly twiddle: Float64Array; // [t2][k1] -> exp(-2 pi i t2 k1 / n)
  private readonly inner: Float64Array;
  private readonly mid: Float64Array; // [k1][t2]
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

export type PlanAlgorithm = "auto" | "bluestein";

const DIRECT_MAX_ODD = 31;
const plans = new Map<string, ComplexPlan>();

function build(n: number, algorithm: PlanAlgorithm): ComplexPlan {
  if (n === 1) return new IdentityPlan();
  if (isPow2(n)) return n <= 4 ? new DirectPlan(n) : new Pow2Plan(n);
  if (algorithm === "bluestein") return new BluesteinPlan(n);
  let n2 = 1;
  while (n % (2 * n2) === 0) n2 *= 2;
  const n1 = n / n2;
  if (n2 === 1) return n1 <= DIRECT_MAX_ODD ? new DirectPlan(n1) : new BluesteinPlan(n1);
  return new SplitPlan(n1, n2, complexPlan(n1), complexPlan(n2));
}

/** Cached plan for length n (any integer >= 1). Plans own scratch buffers: not re-entrant. */
export function complexPlan(n: number, algorithm: PlanAlgorithm = "auto"): ComplexPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`DFT length must be a positive integer, got ${n}`);
  const key = `${algorithm}:${n}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = build(n, algorithm);
    plans.set(key, plan);
  }
  return plan;
}
