// Post-processing as pytorch-grad-cam applies it to one target layer: ReLU, per-image min–max
// (x − min) / (1e-7 + max), bilinear resize to the input size, then the multi-layer aggregation
// step, which for a single layer is one more ReLU and min–max. Maps are per image, [N*H*W].
import { resizeBilinear } from "./resize";

export function relu(x: Float64Array): Float64Array {
  return x.map((v) => (v > 0 ? v : 0));
}

/** In-place per-image min–max scaling with the library's 1e-7 guard. */
export function minMaxScale(maps: Float64Array | Float32Array, n: number, size: number): void {
  for (let b = 0; b < n; b++) {
    let min = Infinity;
    for (let i = b * size; i < (b + 1) * size; i++) min = Math.min(min, maps[i]);
    let max = -Infinity;
    for (let i = b * size; i < (b + 1) * size; i++) {
      maps[i] -= min;
      max = Math.max(max, maps[i]);
    }
    for (let i = b * size; i < (b + 1) * size; i++) maps[i] /= 1e-7 + max;
  }
}

/** Raw maps [N*h*w] → displayable maps in [0, 1] of size outH x outW. */
export function camToImage(raw: Float64Array, n: number, h: number, w: number, outH: number, outW: number): Float32Array {
  const cam = relu(raw);
  minMaxScale(cam, n, h * w);
  const out = new Float32Array(n * outH * outW);
  for (let b = 0; b < n; b++) {
    out.set(resizeBilinear(cam.subarray(b * h * w, (b + 1) * h * w), h, w, outH, outW), b * outH * outW);
  }
  for (let i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = 0;
  minMaxScale(out, n, outH * outW);
  return out;
}
