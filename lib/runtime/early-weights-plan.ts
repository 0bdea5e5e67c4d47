// Build-time half of the early weights download (early-weights-boot.ts): which shipped files there are, and where
// each one's compiled graph would sit in the Cache API, keyed exactly as the worker keys it.
import type { EarlyPlan } from "./early-weights-boot";
import { GRAPH_HINTS } from "./early-weights";
import { graphKey } from "./graph-key";
import type { Manifest } from "./manifest";
import { CACHE, cachePath } from "./model-cache";

export async function earlyWeightsPlan(manifest: Manifest): Promise<EarlyPlan> {
  const files: EarlyPlan["files"] = {};
  for (const e of manifest.models) {
    if (e.weights.kind !== "file") continue;
    const graphs: Record<string, string> = {};
    for (const res of e.resolutions) graphs[String(res)] = cachePath(await graphKey(e, res, e.weights.sha256), "onnx");
    files[e.id] = { url: e.weights.url, size: e.preprocess.size, graphs };
  }
  return { cache: CACHE, hints: GRAPH_HINTS, first: manifest.models[0].id, ids: manifest.models.map((m) => m.id), files };
}
