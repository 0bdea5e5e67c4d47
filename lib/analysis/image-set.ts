// Averages over an image set, tap by tap, updated live: add() each image's taps as they arrive,
// summary() at any time. The mean log amplitude is over all channels of all images (the
// notebook's mean over batch and channels); the variance is the mean of per-image variances,
// which is the same mean over images and channels.
import type { ActivationMap } from "./activation";
import { fromAccumulator, type TapSpectrum } from "./profile";
import { SpectrumAccumulator } from "./spectrum";
import { featureVariance } from "./variance";

export interface NamedTap {
  name: string;
  kind: string;
  map: ActivationMap;
}

interface Entry {
  kind: string;
  acc: SpectrumAccumulator;
  varianceSum: number;
  varianceImages: number;
}

export class TapSetAccumulator {
  private readonly entries = new Map<string, Entry>();
  private count = 0;

  get images(): number {
    return this.count;
  }

  /** One image's (or batch's) taps; each tap keeps its own accumulator, created on first sight. */
  add(taps: readonly NamedTap[]): void {
    for (const t of taps) {
      let e = this.entries.get(t.name);
      const images = t.map.dims[0];
      if (!e) {
        const layoutGrid = (t.map.layout ?? "NCHW") === "NLC" ? t.map.grid : undefined;
        const [h, w] = layoutGrid ?? [t.map.dims[2], t.map.dims[3]];
        e = { kind: t.kind, acc: new SpectrumAccumulator(h, w), varianceSum: 0, varianceImages: 0 };
        this.entries.set(t.name, e);
      }
      e.acc.add(t.map);
      e.varianceSum += featureVariance(t.map) * images;
      e.varianceImages += images;
    }
    this.count++;
  }

  summary(): TapSpectrum[] {
    return [...this.entries].map(([name, e]) => fromAccumulator(name, e.kind, e.acc, e.varianceSum / e.varianceImages));
  }

  reset(): void {
    this.entries.clear();
    this.count = 0;
  }
}
