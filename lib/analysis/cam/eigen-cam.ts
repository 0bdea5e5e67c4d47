// EigenCAM (gradient-free): the activations' projection on their first principal component.
// As in pytorch-grad-cam's get_2d_projection: M = A reshaped to HW x C, each channel centred over
// positions, cam = M · v₁ with v₁ the first right singular vector. SVD signs are arbitrary (the
// library's maps sometimes come out inverted); we fix the sign so the projection's largest-magnitude
// value is positive (max ≥ |min|), which keeps the dominant lobe through the ReLU.
import { topEigen } from "./eigen";
import { type CamInput, camShape } from "./types";

/** First-principal-component projection per image, [N*H*W]. Non-finite activations count as 0. */
export function eigenCamRaw(input: CamInput): Float64Array {
  const { n, c, h, w } = camShape(input, false);
  const hw = h * w;
  const out = new Float64Array(n * hw);
  const m = new Float64Array(c * hw); // channel-major: m[k*hw + i]
  for (let b = 0; b < n; b++) {
    const base = b * c * hw;
    for (let k = 0; k < c; k++) {
      let mean = 0;
      for (let i = 0; i < hw; i++) {
        const x = input.activation[base + k * hw + i];
        m[k * hw + i] = Number.isFinite(x) ? x : 0;
        mean += m[k * hw + i];
      }
      mean /= hw;
      for (let i = 0; i < hw; i++) m[k * hw + i] -= mean;
    }
    const proj = out.subarray(b * hw, (b + 1) * hw);
    if (c <= hw) projectViaChannels(m, c, hw, proj);
    else projectViaPositions(m, c, hw, proj);
    let max = -Infinity, min = Infinity;
    for (let i = 0; i < hw; i++) {
      max = Math.max(max, proj[i]);
      min = Math.min(min, proj[i]);
    }
    if (-min > max) for (let i = 0; i < hw; i++) proj[i] = -proj[i];
  }
  return out;
}

// C <= HW: v₁ = top eigenvector of MᵀM (C x C); projection = M v₁.
function projectViaChannels(m: Float64Array, c: number, hw: number, proj: Float64Array): void {
  const g = new Float64Array(c * c);
  for (let i = 0; i < c; i++) {
    for (let j = i; j < c; j++) {
      let s = 0;
      for (let t = 0; t < hw; t++) s += m[i * hw + t] * m[j * hw + t];
      g[i * c + j] = g[j * c + i] = s;
    }
  }
  const { vector } = topEigen(g, c);
  proj.fill(0);
  for (let k = 0; k < c; k++) for (let t = 0; t < hw; t++) proj[t] += m[k * hw + t] * vector[k];
}

// C > HW: u₁ = top eigenvector of MMᵀ (HW x HW) and M v₁ = σ₁ u₁.
function projectViaPositions(m: Float64Array, c: number, hw: number, proj: Float64Array): void {
  const g = new Float64Array(hw * hw);
  for (let k = 0; k < c; k++) {
    const o = k * hw;
    for (let i = 0; i < hw; i++) {
      const mi = m[o + i];
      if (mi === 0) continue;
      for (let j = i; j < hw; j++) g[i * hw + j] += mi * m[o + j];
    }
  }
  for (let i = 0; i < hw; i++) for (let j = 0; j < i; j++) g[i * hw + j] = g[j * hw + i];
  const { value, vector } = topEigen(g, hw);
  const sigma = Math.sqrt(Math.max(value, 0));
  for (let t = 0; t < hw; t++) proj[t] = sigma * vector[t];
}
