// Channel-weighted CAMs: cam = Σ_k w_k A^k, with w from the gradients (pytorch-grad-cam's BaseCAM).
import { type CamInput, camShape } from "./types";

/** Grad-CAM weights: spatial mean of each channel's gradient, [N*C]. */
export function gradCamWeights(input: CamInput): Float64Array {
  const { n, c, h, w } = camShape(input, true);
  const g = input.gradient!;
  const hw = h * w;
  const out = new Float64Array(n * c);
  for (let p = 0; p < n * c; p++) {
    let s = 0;
    for (let i = p * hw; i < (p + 1) * hw; i++) s += g[i];
    out[p] = s / hw;
  }
  return out;
}

/**
 * Grad-CAM++ weights in the library's closed form (exp-score assumption):
 * α = g² / (2g² + ΣA·g³ + 1e-6), α = 0 where g = 0; w_k = Σ_ij α·ReLU(g).
 */
export function gradCamPlusPlusWeights(input: CamInput): Float64Array {
  const { n, c, h, w } = camShape(input, true);
  const a = input.activation, g = input.gradient!;
  const hw = h * w;
  const out = new Float64Array(n * c);
  for (let p = 0; p < n * c; p++) {
    let sumA = 0;
    for (let i = p * hw; i < (p + 1) * hw; i++) sumA += a[i];
    let wk = 0;
    for (let i = p * hw; i < (p + 1) * hw; i++) {
      const gi = g[i];
      if (gi === 0) continue;
      const g2 = gi * gi;
      const alpha = g2 / (2 * g2 + sumA * g2 * gi + 1e-6);
      if (gi > 0) wk += alpha * gi;
    }
    out[p] = wk;
  }
  return out;
}

/** Σ_k w_k A^k per image: raw (unclipped) maps [N*H*W]. */
export function weightedSum(input: CamInput, weights: Float64Array): Float64Array {
  const { n, c, h, w } = camShape(input, false);
  const a = input.activation;
  const hw = h * w;
  const out = new Float64Array(n * hw);
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < c; k++) {
      const wk = weights[b * c + k];
      const o = (b * c + k) * hw;
      for (let i = 0; i < hw; i++) out[b * hw + i] += wk * a[o + i];
    }
  }
  return out;
}
