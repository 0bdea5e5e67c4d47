// Colour a map into an RGBA buffer on a shared [lo, hi] scale, and that buffer into a data URL.
import { interpolateInferno, rgb } from "d3";

export const spectrumColor = (t: number) => interpolateInferno(Math.min(1, Math.max(0, t)));

export function mapToRgba(map: ArrayLike<number>, lo: number, hi: number): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(spectrumColor(i / 255));
    lut.set([c.r, c.g, c.b], 3 * i);
  }
  const out = new Uint8ClampedArray(map.length * 4);
  const span = hi - lo || 1;
  for (let i = 0; i < map.length; i++) {
    const l = 3 * Math.round(255 * Math.min(1, Math.max(0, (map[i] - lo) / span)));
    out[4 * i] = lut[l];
    out[4 * i + 1] = lut[l + 1];
    out[4 * i + 2] = lut[l + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}

/** PNG data URL of an RGBA buffer (browser only). */
export function rgbaToDataUrl(rgba: Uint8ClampedArray, width: number, height: number): string {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return "";
  const img = ctx.createImageData(width, height);
  img.data.set(rgba);
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL("image/png");
}
