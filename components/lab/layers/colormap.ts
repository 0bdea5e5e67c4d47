// Viridis as a 256-entry lookup table, and per-map min/max scaling into RGBA pixels.
import { interpolateViridis, rgb } from "d3";

const LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolateViridis(i / 255));
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
})();

export function paintMap(canvas: HTMLCanvasElement, map: Float32Array, width: number, height: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of map) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo || 1;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return [lo, hi];
  const img = ctx.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    const k = Math.round((255 * (map[p] - lo)) / span) * 3;
    img.data[p * 4] = LUT[k];
    img.data[p * 4 + 1] = LUT[k + 1];
    img.data[p * 4 + 2] = LUT[k + 2];
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return [lo, hi];
}

export const VIRIDIS_CSS = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => interpolateViridis(t)).join(", ")})`;
