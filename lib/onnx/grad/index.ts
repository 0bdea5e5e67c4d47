// Public surface of the gradient pass.
export { buildGradGraph, SEED_INPUT, type GradOptions } from "./build-grad";
export { GradError, type VjpRule, type VjpArgs, type GradEmitter } from "./types";
export { VJP_RULES } from "./rules";
