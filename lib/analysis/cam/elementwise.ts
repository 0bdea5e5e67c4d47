// CAMs that weight each position, not each channel.
import { type CamInput, camShape } from "./types";

function channelSum(input: CamInput, term: (a: number, g: number) => number): Float64Array {
  const { n, c, h, w } = camShape(input, true);
  const a = input.activation, g = input.gradient!;
  const hw = h * w;
  const out = new Float64Array(n * hw);
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < c; k++) {
      const o = (b * c + k) * hw;
      for (let i = 0; i < hw; i++) out[b * hw + i] += term(a[o + i], g[o + i]);
    }
  }
  return out;
}

/** HiResCAM: Σ_k g^k ⊙ A^k (no spatial averaging of the gradient). */
export const hiResCamRaw = (input: CamInput): Float64Array => channelSum(input, (a, g) => a * g);

/** LayerCAM: Σ_k ReLU(g^k) ⊙ A^k. */
export const layerCamRaw = (input: CamInput): Float64Array => channelSum(input, (a, g) => (g > 0 ? g * a : 0));
