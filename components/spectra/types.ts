// Props data for the spectra charts: one series per model/variant, taps in network order.
import type { TapSpectrum } from "@/lib/analysis/profile";

export type FreqAxis = "notebook" | "true";

export interface SpectraSeries {
  id: string;
  label: string;
  taps: readonly TapSpectrum[];
}

/** SVG dash pattern per overlaid series: solid, dashed, dotted, ... */
export const SERIES_DASH = ["", "5 3", "1.5 2.5", "8 3 2 3"];

export const KIND_BAND: Record<string, string> = { NCB: "#bfdbfe", NTB: "#e5e7eb" };

export const MARGIN = { top: 12, right: 14, bottom: 36, left: 50 };

export function freqOf(t: TapSpectrum, axis: FreqAxis): Float64Array {
  return axis === "notebook" ? t.diagonal.freqNotebook : t.diagonal.freqTrue;
}

/** Min and max over finite values, padded when flat. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** The extent widened by 5% of its span each side, so points at the extremes clear the plot's frame even where the
 *  scale's rounding to ticks adds nothing. */
export function paddedExtent(values: Iterable<number>): [number, number] {
  const [lo, hi] = extent(values);
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}
