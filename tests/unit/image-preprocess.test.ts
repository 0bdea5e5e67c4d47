import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { preprocess, resizedSize, roundHalfEven, resizePlanar, type RgbImage } from "@/lib/image/preprocess";

// Independent reference: a direct 2-D weighted sum over every source pixel in float64,
// using Keys's kernel written from its definition (a = -0.5), widened by the scale factor
// when shrinking, exactly what PIL's antialiased BICUBIC computes.
function keys(x: number): number {
  const a = -0.5, t = Math.abs(x);
  if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
  if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
  return 0;
}
function refResize(src: number[][], ow: number, oh: number): number[][] {
  const h = src.length, w = src[0].length;
  const sx = w / ow, sy = h / oh, fx = Math.max(1, sx), fy = Math.max(1, sy);
  const out: number[][] = [];
  for (let oy = 0; oy < oh; oy++) {
    const row: number[] = [];
    for (let ox = 0; ox < ow; ox++) {
      let num = 0, den = 0;
      for (let y = 0; y < h; y++) {
        const wy = keys((y + 0.5 - (oy + 0.5) * sy) / fy);
        if (wy === 0) continue;
        for (let x = 0; x < w; x++) {
          const wgt = wy * keys((x + 0.5 - (ox + 0.5) * sx) / fx);
          num += wgt * src[y][x];
          den += wgt;
        }
      }
      row.push(num / den);
    }
    out.push(row);
  }
  return out;
}

function randomImage(w: number, h: number, seed: number): RgbImage {
  let s = seed >>> 0;
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { width: w, height: h, channels: 3, data };
}

const channel = (img: RgbImage, c: number): number[][] =>
  Array.from({ length: img.height }, (_, y) =>
    Array.from({ length: img.width }, (_, x) => img.data[(y * img.width + x) * img.channels + c]));

describe("preprocess", () => {
  it("matches a direct 2-D antialiased bicubic reference when shrinking and enlarging", () => {
    for (const [w, h, ow, oh] of [[37, 23, 16, 9], [12, 10, 29, 21], [64, 48, 20, 15]]) {
      const img = randomImage(w, h, w * 31 + h);
      const planar = new Float32Array(3 * w * h);
      for (let c = 0; c < 3; c++) for (let p = 0; p < w * h; p++) planar[c * w * h + p] = img.data[p * 3 + c];
      const ours = resizePlanar(planar, 3, w, h, ow, oh);
      for (let c = 0; c < 3; c++) {
        const ref = refResize(channel(img, c), ow, oh);
        for (let y = 0; y < oh; y++)
          for (let x = 0; x < ow; x++) expect(ours[c * ow * oh + y * ow + x]).toBeCloseTo(ref[y][x], 3);
      }
    }
  });

  it("resizes the short side to floor(S/crop_pct), centre-crops S and normalises like torchvision", () => {
    const img = randomImage(50, 40, 7);
    const cfg = { size: 32, cropPct: 0.875, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };
    const out = preprocess(img, cfg);
    expect(out.length).toBe(3 * 32 * 32);
    // short side 36 (floor(32/0.875)), long side trunc(36*50/40) = 45; crop offsets (2, round(6.5)=6)
    expect(resizedSize(50, 40, 36)).toEqual([45, 36]);
    for (let c = 0; c < 3; c++) {
      const ref = refResize(channel(img, c), 45, 36);
      for (const [y, x] of [[0, 0], [31, 31], [5, 17], [20, 3]]) {
        const want = (ref[y + 2][x + 6] / 255 - cfg.mean[c]) / cfg.std[c];
        expect(out[c * 1024 + y * 32 + x]).toBeCloseTo(want, 4);
      }
    }
  });

  it("keeps a constant image constant and reads grey and RGBA inputs", () => {
    const grey: RgbImage = { width: 30, height: 60, channels: 1, data: new Uint8Array(1800).fill(128) };
    const out = preprocess(grey, { size: 16, cropPct: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    for (const v of out) expect(v).toBeCloseTo(128 / 255, 5);
    const rgba: RgbImage = { width: 2, height: 2, channels: 4, data: new Uint8Array([255, 0, 0, 9, 255, 0, 0, 9, 255, 0, 0, 9, 255, 0, 0, 9]) };
    const o2 = preprocess(rgba, { size: 2, cropPct: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    expect(Array.from(o2)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("reproduces linear ramps away from the borders when enlarging (Keys a=-0.5 is exact on linear data)", () => {
    fc.assert(fc.property(fc.integer({ min: 8, max: 40 }), fc.integer({ min: 0, max: 40 }), (w, extra) => {
      const ow = w + extra; // enlarging: the kernel is sampled at unit spacing, where it is exact
      const src = new Float32Array(w * 3).map((_, i) => (i % w) * 2 + 1);
      const out = resizePlanar(src, 1, w, 3, ow, 3);
      const sx = w / ow, margin = 3;
      for (let x = 0; x < ow; x++) {
        const c = (x + 0.5) * sx;
        if (c < margin || c > w - margin) continue;
        expect(out[ow + x]).toBeCloseTo((c - 0.5) * 2 + 1, 3);
      }
    }), { numRuns: 60 });
  });

  it("rounds crop offsets half to even like Python", () => {
    expect([0.5, 1.5, 2.5, 58.5, 3.2, 3.7].map(roundHalfEven)).toEqual([0, 2, 2, 58, 3, 4]);
  });
});
