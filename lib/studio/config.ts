// From a studio variant to the compiler's NextViTConfig (and back to a label). The compiler validates the
// block plan; a variant it rejects is reported as an error string, not thrown into the page.
import { nextvitPreset, planNextViT, type BlockPlan, type NextViTConfig } from "../nextvit/config";
import type { Variant } from "./variant";

export function variantConfig(v: Variant): NextViTConfig {
  return nextvitPreset(v.size, { stages: [...v.stages], mixBlockRatio: v.rPct / 100 });
}

export type ConfigResult = { config: NextViTConfig; plan: BlockPlan[] } | { error: string };

export function tryVariantConfig(v: Variant): ConfigResult {
  try {
    const config = variantConfig(v);
    return { config, plan: planNextViT(config) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
