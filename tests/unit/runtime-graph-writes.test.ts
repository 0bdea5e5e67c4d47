// The analysis worker reads the lab's compiled graph from the Cache API; the lab's worker writes it there after its
// session starts, and the analysis tabs open on the first result, which can come first. The page-side clients must
// hold the analysis load until the lab worker says the graph is stored (a CI run caught the race: a second compile).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnalysisRuntime } from "../../lib/runtime/analysis-client";
import { LabRuntime, type RuntimeEvents } from "../../lib/runtime/client";
import { graphWritten } from "../../lib/runtime/graph-writes";
import { parseManifest } from "../../lib/runtime/manifest";
import type { FromWorker, ModelSummary } from "../../lib/runtime/protocol";
import { readFileSync } from "node:fs";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const mini = manifest.models.find((m) => m.id === "nextvit-mini-random")!;

/** Stands in for the browser's Worker: records what the page posts, lets the test answer. */
class FakeWorker {
  static all: FakeWorker[] = [];
  posted: { type: string }[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  constructor(public url: URL, public opts: { name?: string }) {
    FakeWorker.all.push(this);
  }
  postMessage(msg: { type: string }) {
    this.posted.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  answer(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent);
  }
}

const events = (): RuntimeEvents => ({ backend() {}, progress() {}, model() {}, result() {}, notice() {}, error() {} });
const summary = (key: string, cached: boolean) => ({ key, cached } as ModelSummary);
const flush = () => new Promise((r) => setTimeout(r, 0));
const worker = (name: string) => FakeWorker.all.find((w) => w.opts.name === name)!;

describe("the analysis copy waits for the lab worker's Cache API write", () => {
  beforeEach(() => {
    FakeWorker.all = [];
    (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  });
  afterEach(() => delete (globalThis as { Worker?: unknown }).Worker);

  it("holds the load until the graph is stored, then sends it", async () => {
    const lab = new LabRuntime(events(), "wasm");
    const reqId = lab.load(mini, 64);
    worker("nextvit-lab").answer({ type: "model", reqId, summary: summary("k1", false) });
    const analysis = new AnalysisRuntime();
    void analysis.load("k1", mini, 64, { kind: "manifest" }, "wasm");
    await flush();
    expect(worker("nextvit-analysis").posted.filter((m) => m.type === "load")).toHaveLength(0);
    worker("nextvit-lab").answer({ type: "stored", key: "k1" });
    await flush();
    expect(worker("nextvit-analysis").posted.filter((m) => m.type === "load")).toHaveLength(1);
    lab.dispose();
    analysis.dispose();
  });

  it("does not wait for a graph that came from the cache, or for another key", async () => {
    const lab = new LabRuntime(events(), "wasm");
    const reqId = lab.load(mini, 64);
    worker("nextvit-lab").answer({ type: "model", reqId, summary: summary("k2", true) });
    const analysis = new AnalysisRuntime();
    void analysis.load("k2", mini, 64, { kind: "manifest" }, "wasm");
    await flush();
    expect(worker("nextvit-analysis").posted.filter((m) => m.type === "load")).toHaveLength(1);
    worker("nextvit-lab").answer({ type: "model", reqId, summary: summary("k3", false) });
    let other = false;
    void graphWritten("k4").then(() => (other = true));
    await flush();
    expect(other).toBe(true);
    lab.dispose();
    analysis.dispose();
  });

  it("a worker that ends mid-write (disposed or crashed) releases the waiting load", async () => {
    const lab = new LabRuntime(events(), "wasm");
    const reqId = lab.load(mini, 64);
    worker("nextvit-lab").answer({ type: "model", reqId, summary: summary("k5", false) });
    let released = false;
    void graphWritten("k5").then(() => (released = true));
    await flush();
    expect(released).toBe(false);
    lab.dispose();
    await flush();
    expect(released).toBe(true);
  });
});
