// Per-layer statistics and channel maps of tap tensors (NCHW or NLC tokens on a grid).
import type { TapInfo } from "../onnx/ir";
import type { TapStats } from "./protocol";

export function tapStats(data: Float32Array): TapStats {
  const n = data.length;
  let sum = 0, min = Infinity, max = -Infinity, absMax = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    const a = Math.abs(v);
    if (a > absMax) absMax = a;
  }
  const mean = sum / n;
  let sq = 0, near = 0;
  const thr = absMax * 0.01;
  for (let i = 0; i < n; i++) {
    const d = data[i] - mean;
    sq += d * d;
    if (Math.abs(data[i]) <= thr) near++;
  }
  return { mean, std: Math.sqrt(sq / n), min, max, nearZero: near / n };
}

/** Channels, height and width of a tap seen as feature maps. */
export function mapGeometry(info: TapInfo, dims: number[]): { channels: number; height: number; width: number } {
  if (info.layout === "NLC") {
    const [h, w] = info.grid ?? [1, dims[1]];
    return { channels: dims[2], height: h, width: w };
  }
  return { channels: dims[1], height: dims[2] ?? 1, width: dims[3] ?? 1 };
}

/** One channel as a row-major height x width map. */
export function channelMap(info: TapInfo, dims: number[], data: Float32Array, c: number): Float32Array {
  const { channels, height, width } = mapGeometry(info, dims);
  const hw = height * width;
  if (info.layout === "NCHW") return data.subarray(c * hw, (c + 1) * hw);
  const out = new Float32Array(hw);
  for (let p = 0; p < hw; p++) out[p] = data[p * channels + c];
  return out;
}

/** [1, C, H, W] as "C×H²" (or C×H×W), short enough for a narrow column. */
export function shapeLabel(dims: number[]): string {
  const [c, h, w] = dims.slice(1);
  if (h === undefined) return String(c);
  if (w === undefined) return `${c}×${h}`;
  return h === w ? `${c}×${h}²` : `${c}×${h}×${w}`;
}
