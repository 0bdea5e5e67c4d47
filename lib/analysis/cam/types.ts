// Inputs of the CAM methods: one tap's activation and d(target logit)/d(activation), NCHW.
import { AnalysisInputError } from "../activation";

export type CamMethod = "gradcam" | "gradcam++" | "hirescam" | "layercam" | "eigencam";

export const CAM_METHODS: readonly CamMethod[] = ["gradcam", "gradcam++", "hirescam", "layercam", "eigencam"];

export const CAM_LABELS: Record<CamMethod, string> = {
  gradcam: "Grad-CAM",
  "gradcam++": "Grad-CAM++",
  hirescam: "HiResCAM",
  layercam: "LayerCAM",
  eigencam: "EigenCAM",
};

export interface CamInput {
  activation: Float32Array | Float64Array;
  /** Required by every method except EigenCAM. */
  gradient?: Float32Array | Float64Array;
  dims: readonly number[]; // [N, C, H, W]
}

export interface CamShape {
  n: number;
  c: number;
  h: number;
  w: number;
}

export function camShape(input: CamInput, needsGradient: boolean): CamShape {
  const { dims, activation, gradient } = input;
  if (dims.length !== 4 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new AnalysisInputError(`CAM needs an NCHW activation with 4 positive dims, got [${dims}]`);
  }
  const [n, c, h, w] = dims;
  const size = n * c * h * w;
  if (activation.length !== size) throw new AnalysisInputError(`CAM activation has ${activation.length} values, dims [${dims}] need ${size}`);
  if (needsGradient) {
    if (!gradient) throw new AnalysisInputError("this CAM method needs the gradient of the target logit: build the graph with gradients (grad.<tap>)");
    if (gradient.length !== size) throw new AnalysisInputError(`CAM gradient has ${gradient.length} values, activation dims [${dims}] need ${size}`);
  }
  return { n, c, h, w };
}
