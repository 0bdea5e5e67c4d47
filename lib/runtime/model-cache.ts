// Compiled ONNX graphs in the Cache API, keyed by the sha256 of what determines them, so a
// reload skips weight generation and compilation. Keys are same-origin URLs that are never
// fetched from the network. Each graph is ~30–250 MB, so the store is bounded: one cache per build
// (a new deployment deletes the old builds' caches on its first write) holding at most
// MAX_GRAPHS graphs, the least recently written evicted first.
import type { GraphBytes } from "../onnx/encode";
import type { TapInfo } from "../onnx/ir";
import { BUILD } from "./build-id";

const PREFIX = "nextvit-lab-models-";
/** This build's cache (also read by the page's early-weights script, lib/runtime/early-weights-boot.ts). */
export const CACHE = `${PREFIX}${BUILD}`;

/** Where a graph's part lives in the cache: its graph (`onnx`), external weights (`bin`) and taps (`json`). */
export function cachePath(key: string, ext: "onnx" | "bin" | "json"): string {
  return `/__cache/${key}.${ext}`;
}
/** Enough for the default model and a few others at two sizes; ~1 GB at worst with Next-ViT-L. */
export const MAX_GRAPHS = 6;

/** `data` (the weights as external data, encodeModelSplit) is stored beside the graph. */
export interface CachedModel extends GraphBytes {
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
    const [m, g, d] = await Promise.all((["json", "onnx", "bin"] as const).map((ext) => cache.match(cachePath(key, ext))));
    if (!m || !g) return null;
    const meta = (await m.json()) as { taps: TapInfo[]; numClasses: number; external?: boolean; cpuFused?: boolean };
    if (meta.external && !d) return null; // a half-written entry: compile again
    const data = meta.external && d ? new Uint8Array(await d.arrayBuffer()) : null;
    return { onnx: new Uint8Array(await g.arrayBuffer()), data, cpuFused: meta.cpuFused === true, taps: meta.taps, numClasses: meta.numClasses };
  } catch {
    return null; // a broken cache entry only costs a recompile
  }
}

/** Old builds' caches (and the unversioned v1 cache of earlier builds) go; this build keeps its newest graphs. */
async function makeRoom(cache: Cache, key: string): Promise<void> {
  for (const name of await caches.keys())
    if (name !== CACHE && name.startsWith(PREFIX)) await caches.delete(name);
  const graphs = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.endsWith(".onnx") && p !== cachePath(key, "onnx"));
  for (const path of graphs.slice(0, Math.max(0, graphs.length - (MAX_GRAPHS - 1)))) {
    await cache.delete(path);
    await cache.delete(path.replace(/\.onnx$/, ".json"));
    await cache.delete(path.replace(/\.onnx$/, ".bin"));
  }
}

/** A body that hands `bytes` to the Cache API in slices: `new Response(bytes)` would first copy all of it into a
 *  blob in the tab (another ~120 MB for Next-ViT-S's weights at the moment the tab is fullest). The slices are views,
 *  not copies: a default (not byte) stream does not transfer what it is given, and copied slices were ~120 MB of
 *  garbage, each 4 MB kept until the next collection, which made the tab's peak just after the first result. */
function streamed(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const SLICE = 4 << 20;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.byteLength) return c.close();
      c.enqueue(bytes.subarray(at, at + SLICE));
      at += SLICE;
    },
  });
}

export async function writeCachedModel(key: string, model: CachedModel): Promise<void> {
  if (!available()) return;
  try {
    const cache = await caches.open(CACHE);
    await makeRoom(cache, key);
    await cache.delete(cachePath(key, "json")); // unreadable until rewritten below
    await cache.put(cachePath(key, "onnx"), new Response(model.onnx as Uint8Array<ArrayBuffer>));
    if (model.data) await cache.put(cachePath(key, "bin"), new Response(streamed(model.data)));
    else await cache.delete(cachePath(key, "bin"));
    // Written last: an entry without its .json is never read, so a write cut short only costs a recompile.
    await cache.put(cachePath(key, "json"), new Response(JSON.stringify({ taps: model.taps, numClasses: model.numClasses, external: model.data !== null, cpuFused: model.cpuFused === true })));
  } catch {
    // quota exceeded or storage disabled: the lab still works, only slower on the next load
  }
}
