// Public API of the Next-ViT compiler.
export {
  type BlockKind, type BlockPlan, type ConfigOverrides, type NextViTConfig, type PresetName,
  PRESET_DEPTHS, depthsOf, makeDivisible, nextvitConfig, nextvitPreset, ntbSplit, officialStages, planNextViT,
} from "./config";
export { countParams, nextvitParamSpec } from "./spec";
export { countMacs } from "./macs";
export { type BuildOptions, buildNextViT, listTaps, officialStateDict } from "./build";
export { STAGEWISE_STRATEGIES, strategyConfig, strategyStages } from "./strategies";
export { configFromJson } from "./config-json";
