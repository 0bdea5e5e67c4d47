// Shifted-window pieces of Swin, on NHWC activations with batch 1: cyclic shifts as
// Slice+Concat, window partition/reverse as Reshape+Transpose, and the two constant tables
// (relative-position index, shifted-window mask) exactly as timm builds them.
import type { GraphBuilder } from "../onnx/builder";
import { attr } from "../onnx/ir";
import { reshape, transpose } from "./layers";

/** Rolls [1, H, W, C] by `shift` along axes 1 and 2 (torch.roll semantics: out[i] = in[i - shift]). */
export function roll2d(g: GraphBuilder, x: string, h: number, w: number, shift: number, name: string): string {
  let y = x;
  for (const [axis, size] of [[1, h], [2, w]] as const) {
    const s = ((shift % size) + size) % size;
    if (s === 0) continue;
    const tail = g.op("Slice", [y, g.ints(`${name}.a${axis}.s0`, [size - s]), g.ints(`${name}.a${axis}.e0`, [size]), g.ints(`${name}.a${axis}.ax0`, [axis])], {}, `${name}.a${axis}.tail`);
    const head = g.op("Slice", [y, g.ints(`${name}.a${axis}.s1`, [0]), g.ints(`${name}.a${axis}.e1`, [size - s]), g.ints(`${name}.a${axis}.ax1`, [axis])], {}, `${name}.a${axis}.head`);
    y = g.op("Concat", [tail, head], { axis: attr.int(axis) }, `${name}.a${axis}`);
  }
  return y;
}

/** [1, H, W, C] → [nW, ws·ws, C], windows in raster order. */
export function windowPartition(g: GraphBuilder, x: string, h: number, w: number, c: number, ws: number, name: string): string {
  const r = reshape(g, x, [h / ws, ws, w / ws, ws, c], `${name}.split`);
  const t = transpose(g, r, [0, 2, 1, 3, 4], `${name}.order`);
  return reshape(g, t, [(h / ws) * (w / ws), ws * ws, c], name);
}

/** [nW, ws·ws, C] → [1, H, W, C]. */
export function windowReverse(g: GraphBuilder, x: string, h: number, w: number, c: number, ws: number, name: string): string {
  const r = reshape(g, x, [h / ws, w / ws, ws, ws, c], `${name}.split`);
  const t = transpose(g, r, [0, 2, 1, 3, 4], `${name}.order`);
  return reshape(g, t, [1, h, w, c], name);
}

/** index[i·N + j] into the [(2ws-1)², heads] bias table for window positions i, j. */
export function relativePositionIndex(ws: number): number[] {
  const n = ws * ws;
  const idx: number[] = new Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dy = Math.floor(i / ws) - Math.floor(j / ws) + ws - 1;
      const dx = (i % ws) - (j % ws) + ws - 1;
      idx[i * n + j] = dy * (2 * ws - 1) + dx;
    }
  }
  return idx;
}

/**
 * The shifted-window mask [nW, 1, N, N]: -100 between tokens that came from different
 * regions of the un-shifted image (timm's constant, so the softmax matches to float32).
 */
export function shiftMask(h: number, w: number, ws: number, shift: number): Float32Array {
  const region = (v: number, size: number) => (v < size - ws ? 0 : v < size - shift ? 1 : 2);
  const nWh = h / ws;
  const nWw = w / ws;
  const n = ws * ws;
  const out = new Float32Array(nWh * nWw * n * n);
  for (let wy = 0; wy < nWh; wy++) {
    for (let wx = 0; wx < nWw; wx++) {
      const ids: number[] = [];
      for (let p = 0; p < n; p++) {
        const y = wy * ws + Math.floor(p / ws);
        const x = wx * ws + (p % ws);
        ids.push(region(y, h) * 3 + region(x, w));
      }
      const base = (wy * nWw + wx) * n * n;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[base + i * n + j] = ids[i] === ids[j] ? 0 : -100;
    }
  }
  return out;
}
