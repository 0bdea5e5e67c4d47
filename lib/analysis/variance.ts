// Feature-map variance as in the paper's featuremap_variance notebook:
// mean over images and channels of the unbiased (hw − 1) spatial variance.
import { type ActivationMap, toPlanes } from "./activation";

export function featureVariance(map: ActivationMap): number {
  const { images, channels, h, w, planes } = toPlanes(map);
  const hw = h * w;
  if (hw < 2) return NaN; // unbiased variance of one sample is undefined (torch gives nan too)
  const count = images * channels;
  let total = 0;
  for (let p = 0; p < count; p++) {
    const o = p * hw;
    let mean = 0;
    for (let i = 0; i < hw; i++) mean += planes[o + i];
    mean /= hw;
    let ss = 0;
    for (let i = 0; i < hw; i++) {
      const d = planes[o + i] - mean;
      ss += d * d;
    }
    total += ss / (hw - 1);
  }
  return total / count;
}
