/// <reference lib="webworker" />
// The analysis worker: its own session of the lab's model (or a second model to compare with),
// spectra of every tap accumulated over one image or a set, and exact gradients for Grad-CAM.
// Jobs run one at a time in arrival order; a cancelled job stops before its next image.
import type * as ortTypes from "onnxruntime-web";
import { TapSetAccumulator, type NamedTap } from "../analysis/image-set";
import type { TapSpectrum } from "../analysis/profile";
import { preprocess } from "../image/preprocess";
import { buildGradGraph, SEED_INPUT } from "../onnx/grad";
import { encodeModelSplit, type GraphBytes } from "../onnx/encode";
import type { Graph, TapInfo } from "../onnx/ir";
import type { FromAnalysis, GradTap, ToAnalysis } from "./analysis-protocol";
import { analysisGraph } from "./analysis-model";
import { encodeForBrowser } from "./build-model";
import { decodeInWorker } from "./decode-browser";
import { graphKey } from "./graph-key";
import { readCachedModel, writeCachedModel } from "./model-cache";
import type { ModelEntry } from "./manifest";
import type { Backend, WeightsSource } from "./protocol";
import { loadOrt, ort } from "./ort-module";
import { createSession, runSession } from "./session";
import { toGradTap } from "./grad-taps";

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Model {
  entry: ModelEntry;
  resolution: number;
  weights: WeightsSource;
  taps: TapInfo[];
  /** The IR, for the gradient graph: null when the forward graph came compiled from the Cache API (built on the
   *  first Grad-CAM request then). */
  graph: Graph | null;
  backend: Backend;
  forward: ortTypes.InferenceSession;
  grad: ortTypes.InferenceSession | null;
  gradCompileMs: number;
}

let model: Model | null = null;
let queue: Promise<void> = Promise.resolve();
const cancelled = new Set<number>();

function post(msg: FromAnalysis, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

async function session(g: GraphBytes, backend: Backend): Promise<{ s: ortTypes.InferenceSession; backend: Backend }> {
  try {
    return { s: await createSession(g, backend), backend };
  } catch (e) {
    if (backend === "wasm") throw e;
    return { s: await createSession(g, "wasm"), backend: "wasm" };
  }
}

/**
 * The forward graph with every tap. A Next-ViT the lab's worker has compiled (same entry, size and manifest
 * weights) is in the Cache API under the same key: the analysis copy then costs a session, not a second download
 * and compile. Otherwise it is built here and cached for the next page.
 */
async function forwardGraph(msg: Extract<ToAnalysis, { type: "load" }>): Promise<GraphBytes & { taps: TapInfo[]; numClasses: number; graph: Graph | null; store: (() => Promise<void>) | null }> {
  const { model: entry, resolution, weights } = msg;
  const w = weights.kind !== "manifest" ? null : entry.weights.kind === "file" ? entry.weights.sha256 : entry.weights;
  const key = entry.family === "nextvit" && w ? await graphKey(entry, resolution, w) : null;
  const cached = key ? await readCachedModel(key) : null;
  if (cached) return { ...cached, graph: null, store: null };
  const graph = await analysisGraph(entry, resolution, weights);
  const logits = graph.outputs.find((o) => o.name === "logits");
  // As the lab's worker compiles it, without consuming `graph`: the gradient graph is built from it.
  const built = { ...encodeForBrowser(graph, false), taps: graph.taps, numClasses: Number(logits?.dims[1]) || entry.numClasses };
  return { ...built, graph, store: key ? () => writeCachedModel(key, built) : null };
}

async function load(msg: Extract<ToAnalysis, { type: "load" }>): Promise<void> {
  const t0 = performance.now();
  await loadOrt(msg.backend, Math.max(1, navigator.hardwareConcurrency || 1));
  post({ type: "status", reqId: msg.reqId, phase: "building the analysis copy of the model" });
  const g = await forwardGraph(msg);
  const { s, backend } = await session(g, msg.backend);
  void g.store?.(); // cached once the session holds the weights (see worker.ts)
  if (model) {
    void model.forward.release();
    void model.grad?.release();
  }
  model = { entry: msg.model, resolution: msg.resolution, weights: msg.weights, taps: g.taps, graph: g.graph, backend, forward: s, grad: null, gradCompileMs: 0 };
  post({ type: "ready", reqId: msg.reqId, taps: g.taps, numClasses: g.numClasses, ms: performance.now() - t0, cached: g.graph === null });
}

async function input(m: Model, image: Blob): Promise<Float32Array> {
  return preprocess(await decodeInWorker(image), { ...m.entry.preprocess, size: m.resolution });
}

function spectraTransfers(spectra: TapSpectrum[]): Transferable[] {
  const out = new Set<ArrayBuffer>();
  for (const s of spectra) {
    out.add(s.logAmplitude.buffer as ArrayBuffer);
    for (const v of Object.values(s.diagonal)) if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
  }
  return [...out];
}

async function spectra(msg: Extract<ToAnalysis, { type: "spectra" }>): Promise<void> {
  const m = model;
  if (!m) throw new Error("no model is loaded in the analysis worker yet");
  const acc = new TapSetAccumulator();
  for (let i = 0; i < msg.images.length; i++) {
    if (cancelled.has(msg.jobId)) return post({ type: "cancelled", jobId: msg.jobId });
    const x = await input(m, msg.images[i]);
    const keep = i === 0 ? x.slice() : undefined;
    const t0 = performance.now();
    const out = await runSession(m.forward, x, m.resolution, m.taps);
    const t1 = performance.now();
    const named: NamedTap[] = out.taps.map((t) => ({
      name: t.info.path, kind: t.info.kind,
      map: { data: t.data, dims: t.dims, layout: t.info.layout, grid: t.info.grid },
    }));
    acc.add(named);
    const summary = acc.summary();
    const t2 = performance.now();
    post(
      { type: "spectra", jobId: msg.jobId, done: i + 1, total: msg.images.length, spectra: summary, ms: { forward: t1 - t0, spectra: t2 - t1 }, input: keep },
      [...spectraTransfers(summary), ...(keep ? [keep.buffer] : [])],
    );
  }
}

async function gradSession(m: Model): Promise<ortTypes.InferenceSession> {
  if (m.grad) return m.grad;
  const t0 = performance.now();
  m.graph ??= await analysisGraph(m.entry, m.resolution, m.weights);
  const g = buildGradGraph(m.graph, { taps: m.graph.taps.map((t) => t.path), classIndex: 0, seedInput: true });
  m.grad = (await session(encodeModelSplit(g), m.backend)).s;
  m.gradCompileMs = performance.now() - t0;
  return m.grad;
}

function argmax(a: Float32Array): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

async function grad(msg: Extract<ToAnalysis, { type: "grad" }>): Promise<void> {
  const m = model;
  if (!m) throw new Error("no model is loaded in the analysis worker yet");
  const x = await input(m, msg.image);
  const S = m.resolution;
  const gs = await gradSession(m);
  if (cancelled.has(msg.jobId)) return post({ type: "cancelled", jobId: msg.jobId });
  const t0 = performance.now();
  const fwd = await m.forward.run({ input: new (ort().Tensor)("float32", x, [1, 3, S, S]) });
  const t1 = performance.now();
  const logits = (fwd.logits.data as Float32Array).slice();
  const K = logits.length;
  const cls = msg.classIndex !== null && msg.classIndex >= 0 && msg.classIndex < K ? msg.classIndex : argmax(logits);
  const seed = new Float32Array(K);
  seed[cls] = 1;
  const t2 = performance.now();
  const out = await gs.run({ input: new (ort().Tensor)("float32", x, [1, 3, S, S]), [SEED_INPUT]: new (ort().Tensor)("float32", seed, [1, K]) });
  const t3 = performance.now();
  const taps: GradTap[] = [];
  for (const info of m.taps) {
    const a = out[info.path], d = out[`grad.${info.path}`];
    if (!a || !d) continue;
    const t = toGradTap(info, a.dims, (a.data as Float32Array).slice(), (d.data as Float32Array).slice());
    if (t) taps.push(t);
  }
  post(
    { type: "grad", jobId: msg.jobId, classIndex: cls, logits, input: x, taps, ms: { compile: m.gradCompileMs, grad: t3 - t2, forward: t1 - t0 } },
    [logits.buffer, x.buffer, ...taps.flatMap((t) => [t.activation.buffer, t.gradient.buffer])],
  );
}

function enqueue(job: () => Promise<void>, ids: { reqId?: number; jobId?: number }): void {
  queue = queue.then(job).catch((e) => post({ type: "error", ...ids, message: e instanceof Error ? e.message : String(e) }));
}

scope.onmessage = (ev: MessageEvent<ToAnalysis>) => {
  const msg = ev.data;
  switch (msg.type) {
    case "load":
      return enqueue(() => load(msg), { reqId: msg.reqId });
    case "spectra":
      return enqueue(() => spectra(msg), { jobId: msg.jobId });
    case "grad":
      return enqueue(() => grad(msg), { jobId: msg.jobId });
    case "cancel":
      cancelled.add(msg.jobId);
      return;
  }
};
