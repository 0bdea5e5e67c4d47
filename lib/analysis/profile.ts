// Per-tap summary (centred spectrum, ΔlogA curve, variance) and the high-frequency ΔlogA versus
// normalised depth (Park & Kim Fig. 8): depth = index / (L − 1) over the taps in network order.
import { type ActivationMap, toPlanes } from "./activation";
import { type HalfDiagonal, halfDiagonal } from "./diagonal";
import { SpectrumAccumulator } from "./spectrum";
import { featureVariance } from "./variance";

export interface TapSpectrum {
  name: string;
  /** Block kind ("stem", "NCB", "NTB", ...), as in TapInfo.kind. */
  kind: string;
  h: number;
  w: number;
  /** Channel-images averaged (C for one image). */
  count: number;
  /** Centred mean log-amplitude map, row-major h x w. */
  logAmplitude: Float64Array;
  diagonal: HalfDiagonal;
  variance: number;
}

export function tapSpectrum(name: string, map: ActivationMap, kind = ""): TapSpectrum {
  const view = toPlanes(map);
  const acc = new SpectrumAccumulator(view.h, view.w);
  acc.addPlanes(view);
  return fromAccumulator(name, kind, acc, featureVariance(map));
}

/** Summary from an accumulator (e.g. averaged over an image set); variance supplied by the caller. */
export function fromAccumulator(name: string, kind: string, acc: SpectrumAccumulator, variance = NaN): TapSpectrum {
  const logAmplitude = acc.mean();
  return { name, kind, h: acc.h, w: acc.w, count: acc.count, logAmplitude, diagonal: halfDiagonal(logAmplitude, acc.h, acc.w), variance };
}

export interface DepthPoint {
  name: string;
  kind: string;
  index: number;
  /** index / (L − 1); 0 for a single tap. */
  depth: number;
  /** ΔlogA at the last half-diagonal sample (the highest frequency measured). */
  highFrequency: number;
  variance: number;
}

export function depthProfile(taps: ReadonlyArray<Pick<TapSpectrum, "name" | "kind" | "diagonal" | "variance">>): DepthPoint[] {
  const L = taps.length;
  return taps.map((t, index) => ({
    name: t.name,
    kind: t.kind,
    index,
    depth: L > 1 ? index / (L - 1) : 0,
    highFrequency: t.diagonal.dlogA[t.diagonal.dlogA.length - 1],
    variance: t.variance,
  }));
}
