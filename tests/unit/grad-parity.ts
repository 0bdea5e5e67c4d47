// Shared acceptance check for model gradients against float64 autograd references: relative
// L2 <= 3e-2 per tap and Grad-CAM channel weights (per-channel mean of the gradient, NCHW or
// tokens [1, N, C]) within 1e-2 * max|ref weights|.
import { expect } from "vitest";
import type { Tensor } from "../../lib/onnx/ir";
import type { Fetched } from "../helpers/ort-node";

export function relL2(a: Float32Array, b: Float32Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

export function camWeights(g: Float32Array, dims: number[]): Float64Array {
  const tokens = dims.length === 3;
  const c = tokens ? dims[2] : dims[1];
  const n = g.length / c;
  const out = new Float64Array(c);
  for (let i = 0; i < g.length; i++) out[tokens ? i % c : Math.floor(i / n)] += g[i] / n;
  return out;
}

/** Asserts the criterion for every tap; returns the worst errors for the log. */
export function expectGradParity(
  out: Record<string, Fetched>, refs: Map<string, Tensor>, taps: string[], tol = { l2: 3e-2, cam: 1e-2 },
): { l2: number; cam: number } {
  const worst = { l2: 0, cam: 0 };
  for (const tap of taps) {
    const ref = refs.get(`grad.${tap}`)!;
    const ours = out[`grad.${tap}`];
    expect(ours.dims, tap).toEqual(ref.dims);
    const l2 = relL2(ours.data, ref.data as Float32Array);
    const wo = camWeights(ours.data, ref.dims), wr = camWeights(ref.data as Float32Array, ref.dims);
    const cam = Math.max(...wo.map((v, i) => Math.abs(v - wr[i]))) / Math.max(...wr.map(Math.abs));
    worst.l2 = Math.max(worst.l2, l2);
    worst.cam = Math.max(worst.cam, cam);
    expect(l2, `${tap} relative L2`).toBeLessThanOrEqual(tol.l2);
    expect(cam, `${tap} CAM weights`).toBeLessThanOrEqual(tol.cam);
  }
  return worst;
}
