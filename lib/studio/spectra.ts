// Per-variant Fourier summary for the studio panels, from the runtime's tap tensors: the half-diagonal ΔlogA
// curve of every block output, its high-frequency end versus normalised depth, and the centred 2-D spectrum
// of each stage's last block. The maths is lib/analysis's; this file only selects and packs.
import { halfDiagonal } from "../analysis/diagonal";
import { meanLogAmplitude } from "../analysis/spectrum";
import type { TapInfo } from "../onnx/ir";

export interface TapInput {
  info: TapInfo;
  dims: number[];
  data: Float32Array;
}

export interface TapSpectrum {
  path: string;
  kind: string; // "stem" | "NCB" | "NTB"
  stage: number;
  /** 0 = stem (or first block), 1 = last block. */
  depth: number;
  freq: number[]; // units of π, 0…1 (the notebook axis)
  dlogA: number[];
  /** ΔlogA at the highest frequency sampled (π): the y of the ΔlogA-vs-depth plot. */
  high: number;
  /** Centred mean log-amplitude map; kept only for the last block of each stage. */
  map?: { h: number; w: number; data: number[] };
}

const isBlockOutput = (t: TapInfo) => t.kind === "stem" || t.kind === "NCB" || t.kind === "NTB";

export function summariseTaps(taps: readonly TapInput[]): TapSpectrum[] {
  const blocks = taps.filter((t) => isBlockOutput(t.info)).sort((a, b) => a.info.index - b.info.index);
  const lastOfStage = new Set<string>();
  blocks.forEach((t, i) => {
    const next = blocks[i + 1];
    if (!next || next.info.stage !== t.info.stage) lastOfStage.add(t.info.path);
  });
  const n = blocks.length;
  return blocks.map((t, i) => {
    const { h, w, map } = meanLogAmplitude({
      data: t.data, dims: t.dims, layout: t.info.layout, grid: t.info.grid,
    });
    const d = halfDiagonal(map, h, w);
    const dlogA = Array.from(d.dlogA);
    return {
      path: t.info.path,
      kind: t.info.kind,
      stage: t.info.stage,
      depth: n > 1 ? i / (n - 1) : 0,
      freq: Array.from(d.freqNotebook),
      dlogA,
      high: dlogA[dlogA.length - 1],
      map: lastOfStage.has(t.info.path) ? { h, w, data: Array.from(map) } : undefined,
    };
  });
}

/** One y range over every variant's curves, so panels side by side are comparable. */
export function sharedRange(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}
