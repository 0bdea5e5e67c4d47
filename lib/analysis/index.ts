// Public surface of the analysis library: pure functions on typed arrays, no DOM.
export { type ActivationMap, AnalysisInputError, toPlanes } from "./activation";
export type { ComplexPlan } from "./complex-plan";
export { complexPlan, type PlanAlgorithm } from "./fft-plan";
export { Dft2Plan, dft1, dft2, dft2Plan } from "./dft";
export { LOG_EPS, SpectrumAccumulator, meanLogAmplitude } from "./spectrum";
export { type HalfDiagonal, diagonalLength, halfDiagonal } from "./diagonal";
export { featureVariance } from "./variance";
export { type DepthPoint, type TapSpectrum, depthProfile, fromAccumulator, tapSpectrum } from "./profile";
export { type NamedTap, TapSetAccumulator } from "./image-set";
