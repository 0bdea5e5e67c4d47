// The lab page's first script (issue 18, cold start): it starts downloading the shipped weights the page is about
// to load while the page's JavaScript is still arriving and hydrating (~0.6-1.4 s on two cores), instead of after
// it. `earlyWeightsBoot` runs as an inline <script> in the prerendered HTML and its download worker from a blob, so
// the functions they are made of (here, and download.ts's `readBody`) are written to be stringified: nothing from
// module scope, no imports inside, nothing a bundler would rewrite into a helper. The page takes the
// download over with `takeEarlyWeights` (early-weights.ts) and hands the bytes to the worker.
import { readBody } from "./download";

/** One shipped weights file: its URL, the model's own resolution, and the Cache API path of its compiled graph at
 *  each resolution the model offers (computed at build time by the worker's own graphKey). */
export interface EarlyFile {
  url: string;
  size: number;
  graphs: Record<string, string>;
}

/** What the script needs, built from the manifest at build time (early-weights-plan.ts). */
export interface EarlyPlan {
  cache: string; // this build's Cache API cache (model-cache.ts)
  hints: string; // the localStorage item listing graphs this browser compiled (early-weights.ts)
  first: string; // the model the lab loads when the URL names none, or one it does not know
  ids: string[]; // every model the lab knows
  files: Record<string, EarlyFile>; // the models with shipped weights
}

/** What the script leaves on `window.__labEarlyWeights` for the page. */
export interface EarlyDownload {
  url: string;
  loaded: number;
  total: number;
  startedAt: number; // performance.now() when the script ran
  doneAt: number; // when the last byte arrived (0 until then)
  /** The whole file, or null when it is not needed (its graph is compiled and cached already) or failed. */
  bytes: Promise<Uint8Array | null>;
  error: string | null;
  onprogress: ((loaded: number, total: number) => void) | null;
  abort(): void;
}

export const EARLY_KEY = "__labEarlyWeights";

/** Starts the download of the file the lab will load for this page's query string, in a worker of its own (on the
 *  main thread, hydration's long tasks would leave the stream unread and stall it), unless the file's compiled graph
 *  is in the Cache API already; that check runs beside the download, which it stops. The model and resolution are
 *  LabApp's choice (`?model`, else the first model; `?res`, else the model's own size), repeated here because this
 *  function cannot import; tests hold the two to the same answers. `workerSource`: earlyWorkerSource(). */
export function earlyWeightsBoot(plan: EarlyPlan, workerSource: string, w: Window & typeof globalThis = window): void {
  try {
    const q = new URLSearchParams(w.location.search);
    const asked = q.get("model");
    const id = asked !== null && plan.ids.indexOf(asked) >= 0 ? asked : plan.first;
    const file = plan.files[id];
    if (!file) return;
    const r = Number(q.get("res"));
    const res = Number.isInteger(r) && r >= 32 && r <= 1024 ? r : file.size;
    const graph = file.graphs[String(res)];
    if (!graph) return; // a resolution the model does not offer: leave it to the worker
    const src = w.URL.createObjectURL(new w.Blob([workerSource], { type: "text/javascript" }));
    const worker = new w.Worker(src, { name: "nextvit-early-weights" });
    w.URL.revokeObjectURL(src);
    let settle: (b: Uint8Array | null) => void = () => {};
    const state: EarlyDownload = {
      url: file.url, loaded: 0, total: 0, startedAt: w.performance.now(), doneAt: 0, error: null, onprogress: null,
      bytes: new Promise<Uint8Array | null>((resolve) => (settle = resolve)),
      abort: () => {
        worker.terminate();
        settle(null);
      },
    };
    worker.onmessage = (ev: MessageEvent<{ loaded: number; total: number; bytes?: Uint8Array; error?: string }>) => {
      const m = ev.data;
      state.loaded = m.loaded;
      state.total = m.total;
      if (m.error !== undefined || m.bytes) {
        state.error = m.error ?? null;
        state.doneAt = w.performance.now();
        worker.terminate();
        settle(m.bytes ?? null); // on an error the worker downloads again, and reports what goes wrong
      } else if (state.onprogress) state.onprogress(m.loaded, m.total);
    };
    worker.onerror = () => state.abort();
    const download = () => worker.postMessage(new w.URL(file.url, w.location.href).href); // a blob: worker has no base
    // A repeat visit finds the compiled graph in the Cache API and needs no weights at all. Opening the Cache API
    // takes 0.15-0.3 s in a fresh profile, so the download waits for that answer only where the page noted the graph
    // compiled before; elsewhere it starts at once and a cached graph found meanwhile stops it.
    let noted = false;
    try {
      noted = (JSON.parse(w.localStorage.getItem(plan.hints) || "[]") as string[]).indexOf(graph) >= 0;
    } catch {
      // storage disabled or the item damaged: no hint
    }
    if (!noted) download();
    if (typeof w.caches === "undefined") {
      if (noted) download();
    } else {
      w.caches.open(plan.cache).then((c) => c.match(graph)).then((m) => {
        if (m !== undefined) state.abort();
        else if (noted) download();
      }, () => noted && download());
    }
    (w as unknown as Record<string, unknown>)["__labEarlyWeights"] = state;
  } catch {
    // an old browser: the worker downloads the weights as it always did
  }
}

/** The download worker's code (stringified into a blob: worker with `readBody`'s source as `read`, download.ts): the
 *  file read as it arrives into one buffer sized by Content-Length, progress at most every 50 ms, then the bytes,
 *  transferred. */
export function earlyFetchWorker(scope: DedicatedWorkerGlobalScope, read: typeof readBody): void {
  scope.onmessage = async (ev: MessageEvent<string>) => {
    let loaded = 0, total = 0;
    try {
      // no-store: the HTTP cache's copy (62 MB written to disk while the page starts) made the download slower here,
      // median 1.94 s against 1.24 s in 4 alternated cold starts; a repeat visit needs the compiled graph, not this.
      const res = await fetch(ev.data, { credentials: "omit", cache: "no-store" });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const bytes = await read(res, (l, t) => {
        loaded = l;
        total = t;
        scope.postMessage({ loaded, total });
      });
      scope.postMessage({ loaded, total, bytes }, [bytes.buffer]);
    } catch (e) {
      scope.postMessage({ loaded, total, error: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** The download worker's source: `earlyFetchWorker` applied to the worker's scope and `readBody`. */
export function earlyWorkerSource(): string {
  return `(${earlyFetchWorker.toString()})(self, ${readBody.toString()})`;
}

/** The inline script's text: the boot function applied to the plan (`<` escaped, so nothing closes the tag). */
export function earlyWeightsScript(plan: EarlyPlan): string {
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  return `(${earlyWeightsBoot.toString()})(${json(plan)}, ${json(earlyWorkerSource())});`;
}
