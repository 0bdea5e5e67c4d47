// One entry point for the five CAM methods. `rawCam` gives the map before ReLU/scaling (for
// inspection and tests); `computeCam` gives what pytorch-grad-cam returns for one target layer.
import { camToImage } from "./scale";
import { eigenCamRaw } from "./eigen-cam";
import { hiResCamRaw, layerCamRaw } from "./elementwise";
import { gradCamPlusPlusWeights, gradCamWeights, weightedSum } from "./grad-weights";
import { type CamInput, type CamMethod, camShape } from "./types";

export * from "./types";
export { gradCamWeights, gradCamPlusPlusWeights, weightedSum } from "./grad-weights";
export { hiResCamRaw, layerCamRaw } from "./elementwise";
export { eigenCamRaw } from "./eigen-cam";
export { camToImage, minMaxScale, relu } from "./scale";
export { resizeBilinear } from "./resize";
export { jet, overlayCam, camToRgba } from "./colormap";

export function rawCam(method: CamMethod, input: CamInput): Float64Array {
  switch (method) {
    case "gradcam":
      return weightedSum(input, gradCamWeights(input));
    case "gradcam++":
      return weightedSum(input, gradCamPlusPlusWeights(input));
    case "hirescam":
      return hiResCamRaw(input);
    case "layercam":
      return layerCamRaw(input);
    case "eigencam":
      return eigenCamRaw(input);
  }
}

export interface CamResult {
  /** Maps in [0, 1], [N * outH * outW]. */
  maps: Float32Array;
  n: number;
  height: number;
  width: number;
}

/** A CAM resized to the input image (outH x outW; default: the tap's own size). */
export function computeCam(method: CamMethod, input: CamInput, outH?: number, outW?: number): CamResult {
  const { n, h, w } = camShape(input, method !== "eigencam");
  const height = outH ?? h, width = outW ?? w;
  return { maps: camToImage(rawCam(method, input), n, h, w, height, width), n, height, width };
}
