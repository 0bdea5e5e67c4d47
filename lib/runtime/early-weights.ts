// The page's side of the early weights download (early-weights-boot.ts): the first load takes it over, whatever it
// loads, so a download nobody needs is stopped rather than left running beside the one that is.
import { EARLY_KEY, type EarlyDownload } from "./early-weights-boot";
import { cachePath } from "./model-cache";

/** localStorage item: the Cache API paths of graphs this browser compiled, newest last (the early script waits for
 *  the Cache API before downloading only for these). A hint: a graph evicted since, or stored by another worker,
 *  costs one wasted start of a download, never a wrong answer. */
export const GRAPH_HINTS = "nextvit-lab-compiled";
const MAX_HINTS = 16;

/** Notes that the graph under `key` was compiled here (and is being stored in the Cache API). */
export function noteCompiledGraph(key: string): void {
  try {
    const path = cachePath(key, "onnx");
    const list = (JSON.parse(localStorage.getItem(GRAPH_HINTS) || "[]") as string[]).filter((p) => p !== path);
    localStorage.setItem(GRAPH_HINTS, JSON.stringify([...list, path].slice(-MAX_HINTS)));
  } catch {
    // storage disabled or full: the next visit only starts its download sooner
  }
}

/** What became of the early download, for the bench and the e2e tests. */
export interface EarlyWeightsUse {
  url: string;
  used: boolean; // the first load was this file's
  startedAt: number;
  doneAt: number;
}

type EarlyWindow = Record<string, unknown> & { __labEarlyWeightsUse?: EarlyWeightsUse };

/** The early download of `url` (at most once per page), or null: none was started, it was for another file (then it
 *  is aborted), or `url` is null (the first load needs no file from the manifest). */
export function takeEarlyWeights(url: string | null): EarlyDownload | null {
  if (typeof window === "undefined") return null;
  const w = window as unknown as EarlyWindow;
  const early = w[EARLY_KEY] as EarlyDownload | undefined;
  if (!early) return null;
  delete w[EARLY_KEY];
  const used = early.url === url;
  if (!used) early.abort();
  w.__labEarlyWeightsUse = { url: early.url, used, startedAt: early.startedAt, doneAt: 0 };
  void early.bytes.then(() => w.__labEarlyWeightsUse && (w.__labEarlyWeightsUse.doneAt = early.doneAt));
  return used ? early : null;
}
