// The hybrid strategies the paper compares, as stage patterns over a base config's depths.
//  - "C-C-C-T", "C-C-T-T", "C-T-T-T": each stage is all NCB (C) or all NTB (T), so the
//    transformer blocks sit only in the last stage(s);
//  - "NHS-N<n>[-L<l>]": the Next Hybrid Strategy in stage 3, (NCB×n + NTB×1)×l, other
//    stages as in the base (official: NCB×(d−1)+NTB in stages 2 and 4). Without L, l is
//    chosen to keep stage 3's depth closest to the base's (at least 1).
import { type NextViTConfig, depthsOf, nextvitPreset, planNextViT } from "./config";

export const STAGEWISE_STRATEGIES = ["C-C-C-T", "C-C-T-T", "C-T-T-T"] as const;

export function strategyStages(strategy: string, base: NextViTConfig): string[] {
  const depths = depthsOf(base);
  const stagewise = /^([CT])-([CT])-([CT])-([CT])$/.exec(strategy);
  if (stagewise) return stagewise.slice(1).map((k, i) => k.repeat(depths[i]));
  const nhs = /^NHS-N([1-9]\d*)(?:-L([1-9]\d*))?$/.exec(strategy);
  if (nhs) {
    const n = Number(nhs[1]);
    const l = nhs[2] ? Number(nhs[2]) : Math.max(1, Math.round(depths[2] / (n + 1)));
    const stages = [...base.stages];
    stages[2] = ("C".repeat(n) + "T").repeat(l);
    return stages;
  }
  throw new Error(`unknown hybrid strategy "${strategy}" (use C-C-C-T, C-C-T-T, C-T-T-T or NHS-N<n>[-L<l>])`);
}

/** `base` (default Next-ViT-S) with its stages replaced by `strategy`'s pattern. */
export function strategyConfig(strategy: string, base: NextViTConfig = nextvitPreset("S")): NextViTConfig {
  const cfg = { ...base, name: `${base.name}_${strategy}`, stages: strategyStages(strategy, base) };
  planNextViT(cfg);
  return cfg;
}
