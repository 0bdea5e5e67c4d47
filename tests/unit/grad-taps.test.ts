// Gradient-session outputs as CAM inputs: token taps (NLC with a leading class token) become
// [1, C, rows, cols] maps whose (c, y, x) entry is token 1 + y·cols + x, channel c.
import { describe, expect, it } from "vitest";
import type { TapInfo } from "../../lib/onnx/ir";
import { toGradTap } from "../../lib/runtime/grad-taps";

const info = (layout: "NCHW" | "NLC", grid?: [number, number]): TapInfo => ({ path: "t", value: "t", stage: 0, index: 0, kind: "x", layout, grid });

describe("toGradTap", () => {
  it("keeps NCHW taps as they are", () => {
    const a = Float32Array.from({ length: 12 }, (_, i) => i), g = a.map((v) => -v);
    const t = toGradTap(info("NCHW"), [1, 3, 2, 2], a, g)!;
    expect(t.dims).toEqual([1, 3, 2, 2]);
    expect(t.activation).toBe(a);
    expect(t.gradient).toBe(g);
  });

  it("turns NLC tokens on a grid into channel maps, dropping the leading token", () => {
    const rows = 2, cols = 3, C = 4, N = 1 + rows * cols;
    const value = (n: number, c: number) => 100 * n + c;
    const a = new Float32Array(N * C), g = new Float32Array(N * C);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) (a[n * C + c] = value(n, c)), (g[n * C + c] = -value(n, c));
    const t = toGradTap(info("NLC", [rows, cols]), [1, N, C], a, g)!;
    expect(t.dims).toEqual([1, C, rows, cols]);
    for (let c = 0; c < C; c++)
      for (let y = 0; y < rows; y++)
        for (let x = 0; x < cols; x++) {
          expect(t.activation[(c * rows + y) * cols + x]).toBe(value(1 + y * cols + x, c));
          expect(t.gradient[(c * rows + y) * cols + x]).toBe(-value(1 + y * cols + x, c));
        }
  });

  it("gives null for a tap it cannot map (NLC without a grid)", () => {
    expect(toGradTap(info("NLC"), [1, 4, 2], new Float32Array(8), new Float32Array(8))).toBeNull();
  });
});
