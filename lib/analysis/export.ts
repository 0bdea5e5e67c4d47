// Numbers behind the charts as CSV / JSON strings (pure; the DOM side is components/spectra/export.ts).
import type { DepthPoint, TapSpectrum } from "./profile";

const num = (x: number) => (Number.isFinite(x) ? String(x) : "");

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Array<Array<string | number>>): string {
  const line = (r: Array<string | number>) => r.map((v) => (typeof v === "number" ? num(v) : csvField(v))).join(",");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** One row per half-diagonal sample of every tap (long format, ready for pandas/R). */
export function curvesCsv(taps: ReadonlyArray<Pick<TapSpectrum, "name" | "kind" | "diagonal">>, series = ""): string {
  const rows: Array<Array<string | number>> = [];
  for (const t of taps) {
    const d = t.diagonal;
    for (let k = 0; k < d.dlogA.length; k++) rows.push([series, t.name, t.kind, k, d.u[k], d.v[k], d.freqNotebook[k], d.freqTrue[k], d.dlogA[k]]);
  }
  return toCsv(["series", "tap", "kind", "k", "u", "v", "freq_notebook_pi", "freq_true_pi", "dlogA"], rows);
}

export function depthCsv(points: readonly DepthPoint[], series = ""): string {
  return toCsv(
    ["series", "tap", "kind", "index", "depth", "dlogA_high", "variance"],
    points.map((p) => [series, p.name, p.kind, p.index, p.depth, p.highFrequency, p.variance]),
  );
}

/** A centred h x w map as CSV rows (row 0 = most negative vertical frequency). */
export function mapCsv(map: ArrayLike<number>, h: number, w: number): string {
  const rows: number[][] = [];
  for (let y = 0; y < h; y++) rows.push(Array.from({ length: w }, (_, x) => map[y * w + x]));
  return rows.map((r) => r.map(num).join(",")).join("\n") + "\n";
}

export interface SpectraJson {
  version: 1;
  source?: string;
  skipped?: string[];
  /** Which frequency axis is which; both in units of π. */
  frequencyAxes: { freq: string; freqTrue: string };
  tensors: Array<{
    name: string;
    kind: string;
    h: number;
    w: number;
    count: number;
    freq: number[];
    freqTrue: number[];
    u: number[];
    v: number[];
    dlogA: number[];
    highFrequency: number;
    variance: number | null;
    depth: number;
    logAmplitude: number[][];
  }>;
}

export function spectraObject(taps: readonly TapSpectrum[], depth: readonly DepthPoint[], extra: { source?: string; skipped?: string[] } = {}): SpectraJson {
  return {
    version: 1,
    ...extra,
    frequencyAxes: {
      freq: "notebook axis linspace(0, 1, K), labelled 0.0π … 1.0π as in Park & Kim's fourier_analysis.ipynb",
      freqTrue: "true per-axis angular frequency 2k/min(h, w) of sample k (the last sample is below π)",
    },
    tensors: taps.map((t, i) => ({
      name: t.name,
      kind: t.kind,
      h: t.h,
      w: t.w,
      count: t.count,
      freq: Array.from(t.diagonal.freqNotebook),
      freqTrue: Array.from(t.diagonal.freqTrue),
      u: t.diagonal.u,
      v: t.diagonal.v,
      dlogA: Array.from(t.diagonal.dlogA),
      highFrequency: depth[i]?.highFrequency ?? t.diagonal.dlogA[t.diagonal.dlogA.length - 1],
      variance: Number.isFinite(t.variance) ? t.variance : null,
      depth: depth[i]?.depth ?? 0,
      logAmplitude: Array.from({ length: t.h }, (_, y) => Array.from(t.logAmplitude.subarray(y * t.w, (y + 1) * t.w))),
    })),
  };
}

export function spectraJson(taps: readonly TapSpectrum[], depth: readonly DepthPoint[], extra: { source?: string; skipped?: string[] } = {}): string {
  return JSON.stringify(spectraObject(taps, depth, extra));
}
