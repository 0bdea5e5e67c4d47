// Bluestein's chirp-z: the length-n DFT as a circular convolution of power-of-two length
// m >= 2n-1 (two fft.js transforms per call), using nk = (n² + k² − (k−n)²)/2.
import FFT from "fft.js";
import type { ComplexPlan } from "./complex-plan";

export class BluesteinPlan implements ComplexPlan {
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

