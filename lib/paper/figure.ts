// The numbers of the paper's Fig. 5(a) from each model's spectra (pure): ΔlogA along the half-diagonal of the
// last feature map of every stage, and high-frequency ΔlogA against normalised depth over every block output.
// The spectra themselves are lib/analysis's (the same as `npm run lab -- spectra`); this file selects and packs.
import { toCsv } from "../analysis/export";
import type { TapSpectrum } from "../studio/spectra";

export interface FigureSeries {
  id: string;
  label: string;
  spectra: readonly TapSpectrum[];
}

/**
 * The last block of each stage, in order: ResNet layer1…4's last bottleneck, Swin layers.0…3's last block (not
 * the final LayerNorm), Next-ViT's stage ends. The stem (stage -1) is not a stage.
 */
export function lastBlockPerStage<T>(items: readonly T[], stage: (t: T) => number, kind: (t: T) => string): T[] {
  const last = new Map<number, T>();
  for (const t of items) if (stage(t) >= 0 && kind(t) !== "norm") last.set(stage(t), t);
  return [...last.keys()].sort((a, b) => a - b).map((k) => last.get(k)!);
}

export function stageEnds(spectra: readonly TapSpectrum[]): TapSpectrum[] {
  return lastBlockPerStage(spectra, (s) => s.stage, (s) => s.kind);
}

/** Fig. 5(a), left: one row per half-diagonal sample of each stage's last feature map. */
export function stageCurvesCsv(series: readonly FigureSeries[]): string {
  const rows: (string | number)[][] = [];
  for (const s of series)
    for (const t of stageEnds(s.spectra))
      t.dlogA.forEach((v, k) => rows.push([s.label, s.id, t.path, t.stage + 1, k, t.freq[k], v]));
  return toCsv(["model", "id", "tap", "stage", "k", "freq_pi", "dlogA"], rows);
}

/** Fig. 5(a), right: high-frequency ΔlogA (at π) of every block output against normalised depth. */
export function depthCsv(series: readonly FigureSeries[]): string {
  const rows: (string | number)[][] = [];
  for (const s of series) for (const t of s.spectra) rows.push([s.label, s.id, t.path, t.kind, t.stage + 1, t.depth, t.high]);
  return toCsv(["model", "id", "tap", "kind", "stage", "depth", "dlogA_high"], rows);
}

/**
 * A one-line reading per model for the caption: the mean high-frequency ΔlogA over its stage ends (more negative:
 * high frequencies suppressed more, the transformer's signature in the paper).
 */
export function stageEndHigh(spectra: readonly TapSpectrum[]): number | null {
  const xs = stageEnds(spectra).filter((s) => s.dlogA.length >= 2).map((s) => s.high);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Fig. 5(b) as data: per image and model, the predicted class and the Grad-CAM map at the last stage's own size. */
export interface CamCell {
  image: string;
  model: string;
  tap: string;
  classIndex: number;
  className: string;
  h: number;
  w: number;
  cam: Float32Array;
}

export function camCsv(cells: readonly CamCell[]): string {
  const rows: (string | number)[][] = [];
  for (const c of cells)
    for (let i = 0; i < c.cam.length; i++) rows.push([c.image, c.model, c.tap, c.classIndex, c.className, Math.floor(i / c.w), i % c.w, c.cam[i]]);
  return toCsv(["image", "model", "tap", "class_index", "class", "y", "x", "cam"], rows);
}
