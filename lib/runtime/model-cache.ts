// Compiled ONNX graphs in the Cache API, keyed by the sha256 of what determines them, so a
// reload skips weight generation and compilation. Keys are same-origin URLs that are never
// fetched from the network. Each graph is ~30–250 MB, so the store is bounded: one cache per build
// (a new deployment deletes the old builds' caches on its first write) holding at most
// MAX_GRAPHS graphs, the least recently written evicted first.
import type { TapInfo } from "../onnx/ir";
import { BUILD } from "./build-id";

const PREFIX = "nextvit-lab-models-";
const CACHE = `${PREFIX}${BUILD}`;
/** Enough for the default model and a few others at two sizes; ~1 GB at worst with Next-ViT-L. */
export const MAX_GRAPHS = 6;

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

/** Old builds' caches (and the unversioned v1 cache of earlier builds) go; this build keeps its newest graphs. */
async function makeRoom(cache: Cache, key: string): Promise<void> {
  for (const name of await caches.keys())
    if (name !== CACHE && name.startsWith(PREFIX)) await caches.delete(name);
  const graphs = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.endsWith(".onnx") && p !== `/__cache/${key}.onnx`);
  for (const path of graphs.slice(0, Math.max(0, graphs.length - (MAX_GRAPHS - 1)))) {
    await cache.delete(path);
    await cache.delete(path.replace(/\.onnx$/, ".json"));
  }
}

export async function writeCachedModel(key: string, model: CachedModel): Promise<void> {
  if (!available()) return;
  try {
    const cache = await caches.open(CACHE);
    await makeRoom(cache, key);
    await cache.put(`/__cache/${key}.onnx`, new Response(model.onnx as Uint8Array<ArrayBuffer>));
    await cache.put(`/__cache/${key}.json`, new Response(JSON.stringify({ taps: model.taps, numClasses: model.numClasses })));
  } catch {
    // quota exceeded or storage disabled: the lab still works, only slower on the next load
  }
}
