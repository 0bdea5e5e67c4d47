// Per-variant Fourier summary for the studio panels, from the runtime's tap tensors: the half-diagonal ΔlogA
// curve of every block output, its high-frequency end versus normalised depth, and its centred 2-D
// spectrum. The maths is lib/analysis's; this file only selects and packs.
import { blockOutputs } from "../analysis/block-outputs";
import { depthProfile, tapSpectrum, type TapSpectrum as AnalysisSpectrum } from "../analysis/profile";
import type { TapInfo } from "../onnx/ir";

export interface TapInput {
  info: TapInfo;
  dims: number[];
  data: Float32Array;
}

export interface TapSpectrum {
  path: string;
  kind: string; // TapInfo.kind: "stem" | "NCB" | "NTB" for Next-ViT
  stage: number;
  /** 0 = stem (or first block), 1 = last block. */
  depth: number;
  freq: number[]; // units of π, 0…1 (the notebook axis)
  dlogA: number[];
  /** ΔlogA at the highest frequency sampled (π): the y of the ΔlogA-vs-depth plot. */
  high: number;
  /** Last block of its stage (the 2-D spectra grid shows these by default). */
  stageEnd: boolean;
  /** Centred mean log-amplitude map, row-major. */
  map: { h: number; w: number; data: Float64Array };
  /** lib/analysis's summary of the same tap, for the components/spectra charts. */
  spectrum: AnalysisSpectrum;
}

export function summariseTaps(taps: readonly TapInput[]): TapSpectrum[] {
  const blocks = blockOutputs(taps, (t) => t.info.kind);
  return summariseSpectra(
    blocks.map((t) => t.info),
    blocks.map((t) => tapSpectrum(t.info.path, { data: t.data, dims: t.dims, layout: t.info.layout, grid: t.info.grid }, t.info.kind)),
  );
}

/**
 * The same summary from spectra computed elsewhere (e.g. the analysis worker's mean over an image set),
 * matched to the graph's taps by path; taps that are not block outputs or have no spectrum are skipped.
 */
export function summariseSpectra(infos: readonly TapInfo[], spectra: readonly AnalysisSpectrum[]): TapSpectrum[] {
  const byName = new Map(spectra.map((s) => [s.name, s]));
  // Graph order is depth order (a tap's `index` is per-architecture and -1 for stems and stage transitions).
  const blocks = blockOutputs(infos, (t) => t.kind)
    .filter((t) => byName.has(t.path))
    .map((info) => ({ info, sp: byName.get(info.path)! }));
  const depth = depthProfile(blocks.map((b) => b.sp));
  return blocks.map(({ info, sp }, i) => {
    const next = blocks[i + 1];
    return {
      path: info.path,
      kind: info.kind,
      stage: info.stage,
      depth: depth[i].depth,
      freq: Array.from(sp.diagonal.freqNotebook),
      dlogA: Array.from(sp.diagonal.dlogA),
      high: depth[i].highFrequency,
      stageEnd: !next || next.info.stage !== info.stage,
      map: { h: sp.h, w: sp.w, data: sp.logAmplitude },
      spectrum: sp,
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

/**
 * Mean high-frequency ΔlogA over the block outputs whose maps give at least two half-diagonal samples (a 1×1 or
 * 2×2 map has only DC, where ΔlogA is 0 by definition): one number per model for the table.
 */
export function meanHigh(spectra: readonly TapSpectrum[]): number | null {
  const xs = spectra.filter((s) => s.dlogA.length >= 2).map((s) => s.high);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
