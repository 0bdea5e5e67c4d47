// Exact 2-D DFT of real h x w maps of any size, separable (rows, then columns), float64.
// Real input means F(-u,-v) = conj F(u,v), so only columns v = 0..floor(w/2) are transformed
// and two real rows share one complex row transform. Every buffer is allocated once per size.
import type { ComplexPlan } from "./complex-plan";
import { complexPlan, type PlanAlgorithm } from "./fft-plan";

export type { PlanAlgorithm };

export type RealArray = Float32Array | Float64Array;

export class Dft2Plan {
  /** Columns kept of the half spectrum: v = 0 .. floor(w/2). */
  readonly halfW: number;
  /**
   * Half spectrum, column-major: bin (u, v) for v < halfW sits at complex index v*h + u,
   * i.e. re at 2*(v*h+u), im at 2*(v*h+u)+1. Overwritten by every `half()` call.
   */
  readonly halfBuf: Float64Array;
  private readonly rowPlan: ComplexPlan;
  private readonly colPlan: ComplexPlan;
  private readonly rowBuf: Float64Array;
  private readonly columns: Float64Array[];

  constructor(readonly h: number, readonly w: number, algorithm: PlanAlgorithm = "auto") {
    if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
      throw new RangeError(`2-D DFT needs positive integer sizes, got ${h}x${w}`);
    }
    this.halfW = Math.floor(w / 2) + 1;
    this.halfBuf = new Float64Array(2 * h * this.halfW);
    this.rowPlan = complexPlan(w, algorithm);
    this.colPlan = complexPlan(h, algorithm);
    this.rowBuf = new Float64Array(2 * w);
    this.columns = [];
    for (let v = 0; v < this.halfW; v++) this.columns.push(this.halfBuf.subarray(2 * v * h, 2 * (v + 1) * h));
  }

  /** DFT of the plane src[offset .. offset + h*w) (row-major) into `halfBuf`. */
  half(src: RealArray, offset = 0): Float64Array {
    const { h, w, halfW, rowBuf, halfBuf } = this;
    for (let r = 0; r < h; r += 2) {
      const base0 = offset + r * w;
      const hasPair = r + 1 < h;
      for (let x = 0; x < w; x++) {
        rowBuf[2 * x] = src[base0 + x];
        rowBuf[2 * x + 1] = hasPair ? src[base0 + w + x] : 0;
      }
      this.rowPlan.forward(rowBuf);
      // Split Z = DFT(a + i b) into DFT(a) and DFT(b) using Z(-v) = conj-symmetry of real rows.
      for (let v = 0; v < halfW; v++) {
        const j = v === 0 ? 0 : w - v;
        const zr = rowBuf[2 * v], zi = rowBuf[2 * v + 1];
        const cr = rowBuf[2 * j], ci = rowBuf[2 * j + 1];
        const o = 2 * (v * h + r);
        halfBuf[o] = 0.5 * (zr + cr);
        halfBuf[o + 1] = 0.5 * (zi - ci);
        if (hasPair) {
          halfBuf[o + 2] = 0.5 * (zi + ci);
          halfBuf[o + 3] = 0.5 * (cr - zr);
        }
      }
    }
    for (let v = 0; v < halfW; v++) this.colPlan.forward(this.columns[v]);
    return halfBuf;
  }

  /** Full spectrum, row-major interleaved complex (length 2*h*w), unshifted (DC at [0,0]). */
  full(src: RealArray, offset = 0, out = new Float64Array(2 * this.h * this.w)): Float64Array {
    const { h, w, halfW } = this;
    const half = this.half(src, offset);
    for (let u = 0; u < h; u++) {
      for (let v = 0; v < w; v++) {
        const o = 2 * (u * w + v);
        if (v < halfW) {
          const i = 2 * (v * h + u);
          out[o] = half[i];
          out[o + 1] = half[i + 1];
        } else {
          const i = 2 * ((w - v) * h + ((h - u) % h));
          out[o] = half[i];
          out[o + 1] = -half[i + 1];
        }
      }
    }
    return out;
  }
}

const plans2 = new Map<string, Dft2Plan>();

/** Cached 2-D plan per size. Plans own scratch buffers: use one at a time per thread. */
export function dft2Plan(h: number, w: number, algorithm: PlanAlgorithm = "auto"): Dft2Plan {
  const key = `${algorithm}:${h}x${w}`;
  let plan = plans2.get(key);
  if (!plan) {
    plan = new Dft2Plan(h, w, algorithm);
    plans2.set(key, plan);
  }
  return plan;
}

/** Unnormalised 2-D DFT (numpy/torch fft2 convention) of a real row-major h x w map. */
export function dft2(src: RealArray, h: number, w: number, offset = 0, algorithm: PlanAlgorithm = "auto"): Float64Array {
  if (src.length < offset + h * w) throw new RangeError(`dft2: need ${h * w} values from offset ${offset}, have ${src.length - offset}`);
  return dft2Plan(h, w, algorithm).full(src, offset);
}

/** Unnormalised 1-D DFT of interleaved complex data (returns a new array). */
export function dft1(complex: Float64Array, algorithm: PlanAlgorithm = "auto"): Float64Array {
  if (complex.length % 2 !== 0) throw new RangeError("dft1: interleaved complex input needs an even length");
  const buf = Float64Array.from(complex);
  complexPlan(complex.length / 2, algorithm).forward(buf);
  return buf;
}
