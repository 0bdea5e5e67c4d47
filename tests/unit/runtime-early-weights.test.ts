// The lab page's early weights download (lib/runtime/early-weights-boot.ts) as the browser runs it: the inline
// script's exact text, evaluated against a stand-in window whose Worker runs the stringified download worker, and
// fetch serving real bytes in chunks. It must pick the file LabApp will load for every query string, hand over the
// whole file, stop for a graph the Cache API already holds, and give way (bytes null) on a failed download.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { earlyWeightsScript, type EarlyDownload, type EarlyPlan } from "../../lib/runtime/early-weights-boot";
import { earlyWeightsPlan } from "../../lib/runtime/early-weights-plan";
import { GRAPH_HINTS, noteCompiledGraph, takeEarlyWeights } from "../../lib/runtime/early-weights";
import { graphKey } from "../../lib/runtime/graph-key";
import { parseManifest } from "../../lib/runtime/manifest";
import { cachePath } from "../../lib/runtime/model-cache";
import { labStartModel, parseLabParams } from "../../lib/url-state/lab-params";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));

interface Served { status?: number; bytes?: Uint8Array; chunk?: number; contentLength?: boolean }

/** A window with what the script touches; `fetched` and `checked` record what it asked for. */
function fakeWindow(search: string, opts: { served?: Served; cached?: string[]; hints?: string[]; caches?: boolean } = {}) {
  const fetched: string[] = [];
  const checked: string[] = [];
  const blobs = new Map<string, Blob>();
  const terminated: boolean[] = [];
  const served = opts.served ?? { bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7]), chunk: 3 };
  const fetchStub = async (url: string) => {
    fetched.push(url);
    const bytes = served.bytes ?? new Uint8Array();
    if (served.status && served.status !== 200) return new Response("not found", { status: served.status });
    const step = served.chunk ?? bytes.length;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= bytes.length) return c.close();
        c.enqueue(bytes.slice(at, at + step));
        at += step;
      },
    });
    return new Response(body, { headers: served.contentLength === false ? {} : { "content-length": String(bytes.length) } });
  };
  class FakeURL extends URL {
    static createObjectURL(b: Blob): string {
      const u = `blob:fake/${blobs.size}`;
      blobs.set(u, b);
      return u;
    }
    static revokeObjectURL(): void {}
  }
  class FakeWorker {
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onerror: (() => void) | null = null;
    private scope: { onmessage: ((ev: { data: unknown }) => void) | null; postMessage(m: unknown): void };
    private ready: Promise<void>;
    private id = terminated.push(false) - 1;
    constructor(src: string) {
      this.scope = { onmessage: null, postMessage: (m) => !terminated[this.id] && this.onmessage?.({ data: m }) };
      this.ready = blobs.get(src)!.text().then((code) => new Function("self", "fetch", code)(this.scope, fetchStub));
    }
    postMessage(m: unknown): void {
      void this.ready.then(() => this.scope.onmessage?.({ data: m }));
    }
    terminate(): void {
      terminated[this.id] = true;
    }
  }
  const store = new Map<string, string>(opts.hints ? [[GRAPH_HINTS, JSON.stringify(opts.hints)]] : []);
  const w: Record<string, unknown> = {
    location: { search, href: `http://127.0.0.1:3000/${search}` },
    performance, Blob, URL: FakeURL, Worker: FakeWorker,
    localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) },
  };
  if (opts.caches !== false) {
    w.caches = {
      open: async (name: string) => ({
        match: async (path: string) => {
          checked.push(`${name} ${path}`);
          return opts.cached?.includes(path) ? new Response("graph") : undefined;
        },
      }),
    };
  }
  return { w, fetched, checked, terminated };
}

function boot(plan: EarlyPlan, w: Record<string, unknown>): EarlyDownload | undefined {
  new Function("window", earlyWeightsScript(plan))(w);
  return w.__labEarlyWeights as EarlyDownload | undefined;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe("early weights script", () => {
  it("downloads the file LabApp will load for any query string, and nothing for models without shipped weights", async () => {
    const plan = await earlyWeightsPlan(manifest);
    const searches = ["", "?backend=wasm", "?model=nextvit-s-r0-imagenette", "?model=resnet50-imagenette&res=224",
      "?model=nextvit-s-random", "?model=no-such-model", "?res=224", "?res=97", "?res=2000", "?res=abc",
      "?model=swin-t-w5-imagenette&res=224", "?model=levit-128s-imagenette", "?model=nextvit-s-ccct-imagenette&res=192&img=none"];
    for (const search of searches) {
      const { w, fetched, checked } = fakeWindow(search);
      const early = boot(plan, w);
      const { entry, resolution } = labStartModel(manifest.models, parseLabParams(search));
      const offered = entry.weights.kind === "file" && entry.resolutions.includes(resolution);
      expect(early !== undefined, search).toBe(offered);
      if (!early || entry.weights.kind !== "file") continue;
      await early.bytes;
      expect(fetched, search).toEqual([`http://127.0.0.1:3000${entry.weights.url}`]);
      // The Cache API is asked for the graph the worker would store for this model, resolution and file.
      expect(checked, search).toEqual([`${plan.cache} ${cachePath(await graphKey(entry, resolution, entry.weights.sha256), "onnx")}`]);
    }
  });

  it("hands over every byte, in one buffer, with progress and timings, with or without Content-Length", async () => {
    const plan = await earlyWeightsPlan(manifest);
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251);
    for (const contentLength of [true, false]) {
      const { w, terminated } = fakeWindow("", { served: { bytes, chunk: 65_536, contentLength } });
      const early = boot(plan, w)!;
      const got = await early.bytes;
      expect(got && Buffer.compare(got, bytes)).toBe(0); // (toEqual walks 300 k elements for seconds)
      expect(early.loaded).toBe(bytes.length);
      expect(early.total).toBe(bytes.length);
      expect(early.doneAt).toBeGreaterThanOrEqual(early.startedAt);
      expect(early.error).toBeNull();
      expect(terminated).toEqual([true]); // the download's worker ends with it
    }
  });

  it("stops for a graph the Cache API holds; waits for that answer first only where the page noted the graph", async () => {
    const plan = await earlyWeightsPlan(manifest);
    const first = manifest.models[0];
    if (first.weights.kind !== "file") throw new Error("the default model ships weights");
    const graph = cachePath(await graphKey(first, first.preprocess.size, first.weights.sha256), "onnx");
    // Noted and cached: no download at all.
    let f = fakeWindow("", { cached: [graph], hints: [graph] });
    let early = boot(plan, f.w)!;
    expect(await early.bytes).toBeNull();
    await settle();
    expect(f.fetched).toEqual([]);
    // Noted but evicted since: downloads after the Cache API said no.
    f = fakeWindow("", { hints: [graph] });
    early = boot(plan, f.w)!;
    expect((await early.bytes)?.length).toBe(7);
    expect(f.fetched).toHaveLength(1);
    // Not noted: the download starts at once; a cached graph found meanwhile stops it (bytes null).
    f = fakeWindow("", { cached: [graph], served: { bytes: new Uint8Array(1 << 20), chunk: 1024 } });
    early = boot(plan, f.w)!;
    expect(await early.bytes).toBeNull();
    expect(f.terminated).toEqual([true]);
    // No Cache API (an insecure context): downloads.
    f = fakeWindow("", { caches: false, hints: [graph] });
    expect((await boot(plan, f.w)!.bytes)?.length).toBe(7);
  });

  it("gives way on a failed download: bytes null and the reason, so the worker downloads and reports it", async () => {
    const plan = await earlyWeightsPlan(manifest);
    const { w } = fakeWindow("", { served: { status: 404 } });
    const early = boot(plan, w)!;
    expect(await early.bytes).toBeNull();
    expect(early.error).toBe("HTTP 404");
  });

  it("keeps the inline script's text closed: no `<` from the plan reaches the HTML", async () => {
    const plan = await earlyWeightsPlan(manifest);
    plan.files[plan.first].url = "/models/</script><script>alert(1)</script>.safetensors";
    const text = earlyWeightsScript(plan);
    expect(text).not.toContain("</script");
    const { w, fetched } = fakeWindow("");
    await boot(plan, w)!.bytes;
    expect(decodeURI(fetched[0])).toContain("/models/</script><script>alert(1)</script>.safetensors");
  });
});

describe("the page taking the early download over", () => {
  it("the first load of the same file takes it (once); a load of anything else stops it", async () => {
    const plan = await earlyWeightsPlan(manifest);
    const url = (manifest.models[0].weights as { url: string }).url;
    let f = fakeWindow("");
    (globalThis as { window?: unknown }).window = f.w;
    boot(plan, f.w);
    const early = takeEarlyWeights(url)!;
    expect((await early.bytes)?.length).toBe(7);
    expect(takeEarlyWeights(url)).toBeNull();
    expect(f.w.__labEarlyWeightsUse).toMatchObject({ url, used: true });

    f = fakeWindow("", { served: { bytes: new Uint8Array(1 << 20), chunk: 1024 } });
    (globalThis as { window?: unknown }).window = f.w;
    const other = boot(plan, f.w)!;
    expect(takeEarlyWeights("/models/resnet50-imagenette.safetensors")).toBeNull();
    expect(await other.bytes).toBeNull();
    expect(f.terminated).toEqual([true]);
    expect(f.w.__labEarlyWeightsUse).toMatchObject({ url, used: false });
  });

  it("notes compiled graphs for the next visit's script, newest last, bounded", () => {
    const store = new Map<string, string>();
    (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) };
    try {
      for (let i = 0; i < 20; i++) noteCompiledGraph(`k${i}`);
      noteCompiledGraph("k5");
      const list = JSON.parse(store.get(GRAPH_HINTS)!) as string[];
      expect(list).toHaveLength(16);
      expect(list.at(-1)).toBe(cachePath("k5", "onnx"));
      expect(list.filter((p) => p === cachePath("k5", "onnx"))).toHaveLength(1);
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});
