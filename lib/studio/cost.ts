// Parameters and multiply-accumulates of a studio model, from the compiler's counters.
import { countMacs } from "../nextvit/macs";
import { countParams } from "../nextvit/spec";
import { tryVariantConfig } from "./config";
import type { ModelRef } from "./variant";

export interface Cost {
  params: number | null;
  /** MACs of one forward pass at res × res (the compiler's fvcore-style count). */
  macs: number | null;
  error?: string;
}

export function modelCost(ref: ModelRef, res: number): Cost {
  if (ref.kind === "model") return { params: null, macs: null };
  const r = tryVariantConfig(ref.variant);
  if ("error" in r) return { params: null, macs: null, error: r.error };
  return { params: countParams(r.config), macs: countMacs(r.config, res, res) };
}

export const formatParams = (n: number | null) => (n === null ? "—" : `${(n / 1e6).toFixed(2)} M`);
export const formatMacs = (n: number | null) => (n === null ? "—" : `${(n / 1e9).toFixed(2)} G`);
