// Outputs of the gradient session turned into CAM inputs: every tap as an NCHW map with its
// gradient. Token taps (NLC [1, N, C] on a grid) are transposed to [1, C, rows, cols].
import type { TapInfo } from "../onnx/ir";
import type { GradTap } from "./analysis-protocol";

function nlcToNchw(data: Float32Array, n: number, c: number, rows: number, cols: number): Float32Array {
  const hw = rows * cols, prefix = n - hw, out = new Float32Array(c * hw);
  for (let t = 0; t < hw; t++) for (let ch = 0; ch < c; ch++) out[ch * hw + t] = data[(prefix + t) * c + ch];
  return out;
}

export function toGradTap(info: TapInfo, dims: readonly number[], activation: Float32Array, gradient: Float32Array): GradTap | null {
  if (info.layout === "NCHW" && dims.length === 4) return { info, dims: [...dims], activation, gradient };
  if (info.layout === "NLC" && dims.length === 3 && info.grid) {
    const [rows, cols] = info.grid;
    const [, n, c] = dims;
    return { info, dims: [1, c, rows, cols], activation: nlcToNchw(activation, n, c, rows, cols), gradient: nlcToNchw(gradient, n, c, rows, cols) };
  }
  return null;
}
