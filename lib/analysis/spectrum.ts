// Fourier analysis of feature maps after Park & Kim, "How Do Vision Transformers Work?":
// per-channel log amplitude ln(|F| + 1e-6) of the unnormalised 2-D DFT, averaged over channels
// and images (a mean of logs), fftshifted so DC sits at (floor(h/2), floor(w/2)).
import { type ActivationMap, AnalysisInputError, type PlaneView, toPlanes } from "./activation";
import { type Dft2Plan, dft2Plan } from "./dft";

export const LOG_EPS = 1e-6;
const PRODUCT_PLANES = 8;
const PRODUCT_SAFE_MAG = 1e30;

/** Running mean of log-amplitude spectra over channels and images; add() as data arrives. */
export class SpectrumAccumulator {
  private readonly acc: Float64Array; // half spectrum sums, column-major like Dft2Plan.halfBuf
  private readonly prod: Float64Array; // running product of |F| + eps over pending planes
  private pending = 0;
  private readonly plan: Dft2Plan;
  private n = 0;

  constructor(readonly h: number, readonly w: number) {
    if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
      throw new AnalysisInputError(`spectrum size must be positive integers, got ${h}x${w}`);
    }
    this.acc = new Float64Array(h * (Math.floor(w / 2) + 1));
    this.prod = new Float64Array(this.acc.length).fill(1);
    this.plan = dft2Plan(h, w);
  }

  get count(): number {
    return this.n;
  }

  /** Add every channel of every image of an activation. */
  add(map: ActivationMap): void {
    this.addPlanes(toPlanes(map));
  }

  /** Add already-validated planes (see toPlanes). */
  addPlanes(view: PlaneView): void {
    if (view.h !== this.h || view.w !== this.w) {
      throw new AnalysisInputError(`spectrum accumulator is ${this.h}x${this.w}, activation is ${view.h}x${view.w}`);
    }
    const planes = view.images * view.channels;
    for (let p = 0; p < planes; p++) this.addPlane(view.planes, p * this.h * this.w);
  }

  /** Add one h x w plane (row-major) starting at `offset`. */
  addPlane(src: Float32Array | Float64Array, offset = 0): void {
    const hw = this.h * this.w;
    let maxAbs = 0;
    for (let i = offset; i < offset + hw; i++) {
      const a = Math.abs(src[i]);
      if (a > maxAbs) maxAbs = a;
    }
    const half = this.plan.half(src, offset);
    const acc = this.acc;
    this.n++;
    if (!(maxAbs * hw < PRODUCT_SAFE_MAG)) {
      // |F| <= hw·max|x| could overflow the running product: take this plane's logs directly.
      for (let i = 0, j = 0; i < acc.length; i++, j += 2) {
        const re = half[j], im = half[j + 1];
        acc[i] += Math.log(Math.sqrt(re * re + im * im) + LOG_EPS);
      }
      return;
    }
    // Σ ln a_c = ln Π a_c: multiply up to PRODUCT_PLANES factors in [1e-6, 1e30] (product stays
    // within 1e±240), then take one log. Cuts the logarithms — a third of the time — by 8x.
    const prod = this.prod;
    for (let i = 0, j = 0; i < prod.length; i++, j += 2) {
      const re = half[j], im = half[j + 1];
      prod[i] *= Math.sqrt(re * re + im * im) + LOG_EPS;
    }
    if (++this.pending === PRODUCT_PLANES) this.flush();
  }

  private flush(): void {
    if (this.pending === 0) return;
    const { acc, prod } = this;
    for (let i = 0; i < acc.length; i++) acc[i] += Math.log(prod[i]);
    prod.fill(1);
    this.pending = 0;
  }

  /** Merge another accumulator of the same size (e.g. from another worker). */
  merge(other: SpectrumAccumulator): void {
    if (other.h !== this.h || other.w !== this.w) throw new AnalysisInputError("cannot merge spectra of different sizes");
    this.flush();
    other.flush();
    for (let i = 0; i < this.acc.length; i++) this.acc[i] += other.acc[i];
    this.n += other.n;
  }

  reset(): void {
    this.acc.fill(0);
    this.prod.fill(1);
    this.pending = 0;
    this.n = 0;
  }

  /** Centred (fftshifted) mean log-amplitude map, row-major h x w. */
  mean(): Float64Array {
    if (this.n === 0) throw new AnalysisInputError("spectrum accumulator is empty: add() at least one activation");
    this.flush();
    const { h, w, acc } = this;
    const halfW = Math.floor(w / 2) + 1;
    const out = new Float64Array(h * w);
    const sh = Math.floor(h / 2), sw = Math.floor(w / 2);
    for (let u = 0; u < h; u++) {
      for (let v = 0; v < w; v++) {
        // |F(u,v)| = |F(-u,-v)| for real maps, so the right half mirrors the stored left half.
        const i = v < halfW ? v * h + u : (w - v) * h + ((h - u) % h);
        out[((u + sh) % h) * w + ((v + sw) % w)] = acc[i] / this.n;
      }
    }
    return out;
  }
}

/** Centred mean log-amplitude map of one activation (all channels and images). */
export function meanLogAmplitude(map: ActivationMap): { h: number; w: number; map: Float64Array } {
  const view = toPlanes(map);
  const acc = new SpectrumAccumulator(view.h, view.w);
  acc.addPlanes(view);
  return { h: view.h, w: view.w, map: acc.mean() };
}
