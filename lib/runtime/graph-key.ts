// The Cache API key of a compiled graph (lib/runtime/model-cache.ts): the sha256 of everything that determines
// it, so the lab's worker and the analysis worker find each other's Next-ViT graphs and a model is compiled
// once per browser, not once per worker. `w` is the weights' sha256 (a file), or the manifest's description of
// seeded random weights.
import { BUILD } from "./build-id";
import { sha256Hex } from "./download";
import type { ModelEntry } from "./manifest";


export function graphKey(entry: Pick<ModelEntry, "id" | "config" | "size">, resolution: number, w: unknown): Promise<string> {
  return sha256Hex(JSON.stringify({ BUILD, id: entry.id, config: entry.config, size: entry.size, resolution, w }));
}
