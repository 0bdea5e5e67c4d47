// The preprocessed input tensor [1,3,S,S] back to RGBA pixels (undo mean/std), so that the CAM is
// drawn over exactly what the model saw (after resize and centre crop).
import type { RgbaImage } from "@/components/cam/CamOverlay";

export function tensorToRgba(input: Float32Array, size: number, mean: readonly number[], std: readonly number[]): RgbaImage {
  const hw = size * size, data = new Uint8ClampedArray(hw * 4);
  for (let i = 0; i < hw; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(255 * (input[c * hw + i] * std[c] + mean[c]));
    data[i * 4 + 3] = 255;
  }
  return { data, width: size, height: size };
}
