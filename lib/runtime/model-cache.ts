// Compiled ONNX graphs in the Cache API, keyed by the sha256 of what determines them, so a
// reload skips weight generation and compilation. Keys are same-origin URLs that are never
// fetched from the network.
import type { TapInfo } from "../onnx/ir";

const CACHE = "nextvit-lab-models-v1";

export interface CachedModel {
  onnx: Uint8Array;
  taps: TapInfo[];
  numClasses: number;
}

function available(): boolean {
  return typeof caches !== "undefined";
}

export async function readCachedModel(key: string): Promise<CachedModel | null> {
  if (!available()) return null;
  try {
    const cache = await caches.open(CACHE);
    const [m, g] = await Promise.all([cache.match(`/__cache/${key}.json`), cache.match(`/__cache/${key}.onnx`)]);
    if (!m || !g) return null;
    const meta = (await m.json()) as { taps: TapInfo[]; numClasses: number };
    return { onnx: new Uint8Array(await g.arrayBuffer()), taps: meta.taps, numClasses: meta.numClasses };
  } catch {
    return null; // a broken cache entry only costs a recompile
  }
}

export async function writeCachedModel(key: string, model: CachedModel): Promise<void> {
  if (!available()) return;
  try {
    const cache = await caches.open(CACHE);
    await cache.put(`/__cache/${key}.onnx`, new Response(model.onnx as Uint8Array<ArrayBuffer>));
    await cache.put(`/__cache/${key}.json`, new Response(JSON.stringify({ taps: model.taps, numClasses: model.numClasses })));
  } catch {
    // quota exceeded or storage disabled: the lab still works, only slower on the next load
  }
}
