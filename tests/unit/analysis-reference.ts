// Independent float64 references for the analysis tests: textbook sums, no maths shared with lib/analysis.
import { readFileSync } from "node:fs";
import { readSafetensors } from "@/lib/checkpoint/safetensors";

/** Direct 2-D DFT of a real h x w map: [re, im] arrays, row-major, unshifted. */
export function directDft2(x: ArrayLike<number>, h: number, w: number, offset = 0): { re: Float64Array; im: Float64Array } {
  const cy = new Float64Array(h), sy = new Float64Array(h), cx = new Float64Array(w), sx = new Float64Array(w);
  for (let j = 0; j < h; j++) { cy[j] = Math.cos((2 * Math.PI * j) / h); sy[j] = Math.sin((2 * Math.PI * j) / h); }
  for (let j = 0; j < w; j++) { cx[j] = Math.cos((2 * Math.PI * j) / w); sx[j] = Math.sin((2 * Math.PI * j) / w); }
  // Rows first: R(y, v) = Σ_x x(y,x) e^{-2πi v x / w}
  const rr = new Float64Array(h * w), ri = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let v = 0; v < w; v++) {
    let a = 0, b = 0;
    for (let t = 0; t < w; t++) { const j = (v * t) % w, val = x[offset + y * w + t]; a += val * cx[j]; b -= val * sx[j]; }
    rr[y * w + v] = a; ri[y * w + v] = b;
  }
  const re = new Float64Array(h * w), im = new Float64Array(h * w);
  for (let u = 0; u < h; u++) for (let v = 0; v < w; v++) {
    let a = 0, b = 0;
    for (let y = 0; y < h; y++) {
      const j = (u * y) % h, c = cy[j], s = -sy[j], pr = rr[y * w + v], pi = ri[y * w + v];
      a += pr * c - pi * s; b += pr * s + pi * c;
    }
    re[u * w + v] = a; im[u * w + v] = b;
  }
  return { re, im };
}

/**
 * The notebook's recipe, written out: per channel ln(|F|+1e-6), mean over channels, roll by
 * floor(size/2) on both axes, take diag()[floor(h/2):] of the shifted map, subtract its first entry.
 */
export function referenceDeltaLogA(data: ArrayLike<number>, c: number, h: number): { mean: Float64Array; dlogA: number[] } {
  const mean = new Float64Array(h * h);
  for (let k = 0; k < c; k++) {
    const { re, im } = directDft2(data, h, h, k * h * h);
    for (let i = 0; i < h * h; i++) mean[i] += Math.log(Math.hypot(re[i], im[i]) + 1e-6) / c;
  }
  const s = Math.floor(h / 2);
  const shifted = new Float64Array(h * h);
  for (let u = 0; u < h; u++) for (let v = 0; v < h; v++) shifted[((u + s) % h) * h + ((v + s) % h)] = mean[u * h + v];
  const diag: number[] = [];
  for (let i = s; i < h; i++) diag.push(shifted[i * h + i]);
  return { mean: shifted, dlogA: diag.map((d) => d - diag[0]) };
}

export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0, scale = 0;
  for (let i = 0; i < a.length; i++) { err = Math.max(err, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return err / (scale || 1);
}

/** Deterministic pseudo-random values in [-0.5, 0.5). */
export function seeded(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s / 2 ** 32 - 0.5; }
  return out;
}

/** Float tensors of a fixture file, through the project's safetensors reader. */
export function readFixtureTensors(path: string): Map<string, { dims: number[]; data: Float32Array }> {
  const out = new Map<string, { dims: number[]; data: Float32Array }>();
  for (const [name, t] of readSafetensors(new Uint8Array(readFileSync(path))).tensors) {
    if (t.data instanceof Float32Array) out.set(name, { dims: t.dims, data: t.data });
  }
  return out;
}
