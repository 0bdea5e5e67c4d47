import { describe, expect, it } from "vitest";
import { dft1, dft2 } from "@/lib/analysis/dft";
import { directDft2, seeded } from "./analysis-reference";

function relErr2(F: Float64Array, ref: { re: Float64Array; im: Float64Array }): number {
  let err = 0, norm = 0;
  for (let i = 0; i < ref.re.length; i++) {
    err = Math.max(err, Math.hypot(F[2 * i] - ref.re[i], F[2 * i + 1] - ref.im[i]));
    norm = Math.max(norm, Math.hypot(ref.re[i], ref.im[i]));
  }
  return err / norm;
}

describe("dft2: exact 2-D DFT of any size", () => {
  const sizes: Array<[number, number]> = [[7, 7], [14, 14], [28, 28], [56, 56], [64, 64], [40, 48], [10, 12], [13, 97], [1, 5], [96, 3]];
  for (const algorithm of ["auto", "bluestein"] as const) {
    for (const [h, w] of sizes) {
      it(`${h}x${w} (${algorithm}) matches a direct float64 DFT to 1e-9`, () => {
        const x = seeded(h * w, h * 1000 + w);
        const err = relErr2(dft2(x, h, w, 0, algorithm), directDft2(x, h, w));
        expect(err).toBeLessThan(1e-9);
      });
    }
  }

  it("a 2-D cosine lands in its two bins with amplitude hw/2, nothing elsewhere", () => {
    for (const [h, w, u0, v0] of [[14, 14, 3, 5], [56, 56, 27, 1], [7, 12, 2, 5], [40, 48, 20, 7]]) {
      const x = new Float32Array(h * w);
      for (let y = 0; y < h; y++) for (let t = 0; t < w; t++) x[y * w + t] = Math.cos(2 * Math.PI * (u0 * y / h + v0 * t / w) + 0.3);
      const F = dft2(x, h, w);
      const peaks = new Set([u0 * w + v0, ((h - u0) % h) * w + ((w - v0) % w)]);
      for (let i = 0; i < h * w; i++) {
        const mag = Math.hypot(F[2 * i], F[2 * i + 1]);
        if (peaks.has(i)) {
          expect(mag).toBeCloseTo((h * w) / 2, 3);
          // the phase of the positive-frequency bin is the cosine's phase
          if (i === u0 * w + v0) expect(Math.atan2(F[2 * i + 1], F[2 * i])).toBeCloseTo(0.3, 5);
        } else expect(mag).toBeLessThan(1e-3);
      }
    }
  });

  it("a constant map has energy only at DC (= sum)", () => {
    for (const [h, w] of [[7, 7], [28, 28], [10, 12]]) {
      const x = new Float64Array(h * w).fill(2.5);
      const F = dft2(x, h, w);
      expect(F[0]).toBeCloseTo(2.5 * h * w, 9);
      for (let i = 1; i < h * w; i++) expect(Math.hypot(F[2 * i], F[2 * i + 1])).toBeLessThan(1e-9);
    }
  });

  it("1-D complex DFT matches the direct sum for composite and prime lengths", () => {
    for (const n of [2, 3, 4, 6, 7, 12, 14, 21, 28, 31, 35, 37, 56, 60, 97, 112, 128]) {
      const x = seeded(2 * n, n);
      for (const algorithm of ["auto", "bluestein"] as const) {
        const F = dft1(x, algorithm);
        let err = 0, norm = 0;
        for (let k = 0; k < n; k++) {
          let re = 0, im = 0;
          for (let t = 0; t < n; t++) {
            const a = (-2 * Math.PI * ((k * t) % n)) / n;
            re += x[2 * t] * Math.cos(a) - x[2 * t + 1] * Math.sin(a);
            im += x[2 * t] * Math.sin(a) + x[2 * t + 1] * Math.cos(a);
          }
          err = Math.max(err, Math.hypot(F[2 * k] - re, F[2 * k + 1] - im));
          norm = Math.max(norm, Math.hypot(re, im));
        }
        expect(err / norm).toBeLessThan(1e-12);
      }
    }
  });

  it("rejects sizes that are not positive integers", () => {
    expect(() => dft2(new Float64Array(4), 0, 4)).toThrow(/positive integer/);
    expect(() => dft2(new Float64Array(3), 2, 2)).toThrow(/need 4 values/);
  });
});
