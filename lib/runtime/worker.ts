/// <reference lib="webworker" />
// The model worker: picks the backend, builds or loads the compiled graph, and runs images.
// One run at a time; a newer run id supersedes queued ones and stale results are dropped.
import type * as ortTypes from "onnxruntime-web";
import { preprocess } from "../image/preprocess";
import { chooseBackend } from "./backend";
import { compileInWorker, dropCompileWorker, prepareCompileWorker } from "./compile-client";
import { decodeInWorker } from "./decode-browser";
import { labErrors, toLabError } from "./errors";
import { graphKey } from "./graph-key";
import { readCachedModel, writeCachedModel } from "./model-cache";
import type { BackendInfo, FromWorker, ModelSummary, RunResult, ToWorker } from "./protocol";
import type { GraphBytes } from "../onnx/encode";
import { loadOrt } from "./ort-module";
import { createSession, runSession, webgpuDevice } from "./session";
import type { ModelEntry } from "./manifest";
import { benchLogits } from "./bench-run";
import { warmOrt } from "./ort-warmup";

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Loaded {
  summary: ModelSummary;
  /** Kept on WebGPU only, to rebuild the session on WASM if the GPU goes away; on WASM the session holds the
   *  weights and a second copy in JS would only add ~120 MB (Next-ViT-S) to the tab. */
  graph: GraphBytes | null;
  session: ortTypes.InferenceSession;
  entry: ModelEntry;
}

let backend: BackendInfo | null = null;
let backendReady: Promise<BackendInfo> | null = null;
let model: Loaded | null = null;
let loading: Promise<void> = Promise.resolve();
let latestRun = 0;
let queued: { runId: number; image: Blob } | null = null;
let running = false;
let deviceLost: Promise<never> | null = null; // rejects when the WebGPU device goes away

function watchDevice(): void {
  deviceLost = webgpuDevice().then((d) =>
    d
      ? d.lost.then((l) => {
          gpuLost = true;
          return Promise.reject(new Error(l.message || String(l.reason)));
        })
      : new Promise<never>(() => {}),
  );
  deviceLost.catch(() => {}); // observed in runOnce; avoid an unhandled rejection before that
}

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

async function init(pref: "auto" | "webgpu" | "wasm", reason?: string): Promise<BackendInfo> {
  const choice = await chooseBackend(pref);
  await loadOrt(choice.info.backend, choice.info.threads ?? Math.max(1, navigator.hardwareConcurrency || 1));
  backend = reason ? { ...choice.info, reason } : choice.info;
  void warmOrt(backend.backend);
  post({ type: "backend", info: backend });
  if (choice.notice) post({ type: "notice", info: choice.notice });
  return backend;
}

let gpuLost = false; // set once device.lost has fired

async function switchToWasm(why: string): Promise<void> {
  backend = {
    backend: "wasm",
    reason: `switched from WebGPU: ${why}`,
    threads: self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1,
    crossOriginIsolated: self.crossOriginIsolated === true,
  };
  post({ type: "backend", info: backend });
  post({ type: "notice", info: (gpuLost ? labErrors.deviceLost(why) : labErrors.webgpuFailed(why)).toInfo() });
  if (model?.graph) {
    model.session = await createSession(model.graph, "wasm");
    model.graph = null;
  }
}

async function load(msg: Extract<ToWorker, { type: "load" }>): Promise<void> {
  const { reqId, model: entry, resolution, weights } = msg;
  // Not awaited yet: the weights and the graph do not depend on the backend, so their download and compile start
  // while the backend is chosen and onnxruntime-web is loaded (an adapter request and a module import).
  const infoReady = backendReady ?? (backendReady = init("auto"));
  infoReady.catch(() => {}); // reported where it is awaited, below
  const t: Record<string, number> = {};
  const t0 = performance.now();
  const progress = (phase: string, loaded = 0, total = 0) => post({ type: "progress", reqId, phase, loaded, total });

  // Shipped weights are named by the manifest's sha256, so a graph compiled from verified bytes is found before
  // downloading them again (a repeat visit skips the ~31 MB download, its hashing and the compile).
  const shippedSha = weights.kind === "manifest" && entry.weights.kind === "file" ? entry.weights.sha256 : undefined;
  let key = shippedSha ? await graphKey(entry, resolution, shippedSha) : "";
  // Prefetched bytes: the page's script looked for this very key before downloading them, and did not find it.
  let cached = shippedSha && !(weights.kind === "manifest" && weights.prefetched) ? await readCachedModel(key) : null;
  if (cached) dropCompileWorker();
  let weightsName = entry.weights.kind === "random" ? `random (seed ${entry.weights.seed})` : entry.weights.url.split("/").pop() || entry.weights.url;
  let weightsSha = cached ? shippedSha : undefined;
  let size: ModelSummary["size"] = entry.size ?? null;
  let wasCached = cached !== null;
  t.lookup = performance.now() - t0;
  if (!cached) {
    // Download, check and compile in a worker of their own, ended once the graph is here (compile-worker.ts says why).
    const tc = performance.now();
    const c = await compileInWorker({ entry, resolution, weights }, progress);
    t.compileWorker = performance.now() - tc;
    Object.assign(t, c.timings);
    ({ key, weightsName, weightsSha, cached: wasCached } = c);
    cached = c.model;
    if (!c.cached) size = c.size;
  }
  const fresh = wasCached ? null : cached;
  const tb = performance.now();
  const info = await infoReady;
  t.backendWait = performance.now() - tb; // onnxruntime-web still loading when the graph was ready
  progress(`starting ${info.backend === "webgpu" ? "WebGPU" : "WASM"} session`);
  const t3 = performance.now();
  let session: ortTypes.InferenceSession;
  try {
    session = await createSession(cached, info.backend);
  } catch (e) {
    if (info.backend !== "webgpu") throw e;
    await switchToWasm(e instanceof Error ? e.message : String(e));
    session = await createSession(cached, "wasm");
  }
  if (backend?.backend === "webgpu" && !deviceLost) watchDevice();
  t.session = performance.now() - t3;
  // Stored once the session holds the weights, not beside the compile's garbage: the tab's peak is lower. Not later
  // (after the first run, tried): the analysis tabs, opened on that first result, read the graph from the cache.
  if (fresh) {
    const stored = key;
    void writeCachedModel(stored, fresh).then(() => post({ type: "stored", key: stored }));
  }
  if (model) void model.session.release();
  const numClasses = cached.numClasses;
  const summary: ModelSummary = {
    key, modelId: entry.id, size, resolution, numClasses,
    labels: numClasses === 1000 ? "imagenet" : numClasses === 10 ? "imagenette" : "index",
    untrained: weights.kind === "manifest" && entry.weights.kind === "random",
    weightsName, weightsSha256: weightsSha, taps: cached.taps, cached: wasCached,
    onnxBytes: cached.onnx.byteLength + (cached.data?.byteLength ?? 0), timings: { ...t, total: performance.now() - t0 },
  };
  model = { summary, graph: backend?.backend === "webgpu" ? { onnx: cached.onnx, data: cached.data } : null, session, entry };
  post({ type: "model", reqId, summary });
}

async function deviceWasLost(): Promise<boolean> {
  if (!deviceLost) return false;
  const settled = deviceLost.then(() => false, () => true);
  return Promise.race([settled, new Promise<boolean>((r) => setTimeout(() => r(false), 0))]);
}

/** The model of the latest load request, known from its message on: a run queued behind that load decodes and
 *  preprocesses its image while the model is still being prepared. */
let wanted: { entry: ModelEntry; resolution: number } | null = null;
let loadSeq = 0; // load requests received
let failedLoad = 0; // the last of them that failed
/** Wakes a run waiting for the model when a newer run (or a cancel) arrives: the superseded run gives way at once, so
 *  an image chosen while the model loads is decoded and preprocessed meanwhile, not after the load (runs go one at a
 *  time, and the first visit's gallery photo was waiting in front of it). */
let wakeWaiting: (() => void) | null = null;
const newerRun = () => new Promise<void>((r) => (wakeWaiting = r));

function modelInput(img: Awaited<ReturnType<typeof decodeInWorker>>, entry: ModelEntry, size: number): { input: Float32Array; ms: number; key: string } {
  const t = performance.now();
  const cfg = { ...entry.preprocess, size };
  return { input: preprocess(img, cfg), ms: performance.now() - t, key: JSON.stringify(cfg) };
}

/** The page shows the crop the model will see as soon as it exists: on a first visit that is while the model still
 *  loads (a second or more), not only with the result. A copy, since the tensor itself goes on to the session. */
function showInput(runId: number, input: Float32Array): void {
  const copy = input.slice();
  post({ type: "input", runId, input: copy }, [copy.buffer]);
}

async function runOnce(runId: number, image: Blob): Promise<void> {
  const t0 = performance.now();
  const waitedFor = loadSeq;
  const img = await decodeInWorker(image);
  const decodeMs = performance.now() - t0;
  const early = wanted ?? (model ? { entry: model.entry, resolution: model.summary.resolution } : null);
  let prep = early ? modelInput(img, early.entry, early.resolution) : null;
  if (prep && runId === latestRun) showInput(runId, prep.input);
  const load = loading;
  if (runId === latestRun) await Promise.race([load, newerRun()]);
  if (runId !== latestRun) return; // superseded while decoding or waiting for the model
  await load;
  if (!model || !backend) {
    // The load this run was sent with failed and said why; the page reruns the image after its next load.
    if (waitedFor > 0 && failedLoad === waitedFor) return;
    throw labErrors.session("no model is loaded yet");
  }
  const m = model;
  const S = m.summary.resolution;
  // The load failed and an older model stays: its own preprocessing.
  if (!prep || prep.key !== JSON.stringify({ ...m.entry.preprocess, size: S })) {
    prep = modelInput(img, m.entry, S);
    showInput(runId, prep.input);
  }
  const input = prep.input;
  if (runId !== latestRun) return; // superseded while decoding or waiting
  const t2 = performance.now();
  let out;
  try {
    const run = runSession(m.session, input, S, m.summary.taps);
    out = backend.backend === "webgpu" && deviceLost ? await Promise.race([run, deviceLost]) : await run;
  } catch (e) {
    if (backend.backend !== "webgpu") throw e;
    const why = e instanceof Error ? e.message : String(e);
    // After a device loss ORT's module can stay inside the lost run and refuses every later
    // run ("Session already started"): only a fresh worker on WASM can run again.
    if (await deviceWasLost()) return post({ type: "restart", pref: "wasm", why, notice: labErrors.deviceLost(why).toInfo() });
    await switchToWasm(why);
    out = await runSession(m.session, input, S, m.summary.taps);
  }
  const inference = performance.now() - t2;
  if (runId !== latestRun) return; // a newer image arrived: drop this result
  const result: RunResult = {
    runId, logits: out.logits, input, taps: out.taps, backend: backend.backend,
    // Work, not waiting: a run sent with a load decodes and preprocesses while the model is prepared.
    timings: { decode: decodeMs, preprocess: prep.ms, inference, total: decodeMs + prep.ms + inference },
    imageSize: [img.width, img.height],
    aux: out.aux,
  };
  post({ type: "result", result }, [out.logits.buffer, input.buffer, ...out.taps.map((x) => x.data.buffer), ...out.aux.map((x) => x.data.buffer)]);
}

async function bench(msg: Extract<ToWorker, { type: "bench" }>): Promise<void> {
  await loading;
  if (!model || !backend) throw labErrors.session("no model is loaded yet");
  const m = model, be = backend.backend, S = m.summary.resolution;
  const input = preprocess(await decodeInWorker(msg.image), { ...m.entry.preprocess, size: S });
  const samplesMs = await benchLogits(m.session, input, S, msg.warmup, msg.runs, (done, total) =>
    post({ type: "bench-progress", reqId: msg.reqId, done, total }));
  post({ type: "bench", reqId: msg.reqId, samplesMs, backend: be });
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  while (queued) {
    const { runId, image } = queued;
    queued = null;
    try {
      await runOnce(runId, image);
    } catch (e) {
      if (runId === latestRun) post({ type: "error", runId, info: toLabError(e, "running the model") });
    }
  }
  running = false;
}

prepareCompileWorker();

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  switch (msg.type) {
    case "init":
      backendReady = init(msg.pref, msg.reason);
      break;
    case "load":
      wanted = { entry: msg.model, resolution: msg.resolution };
      {
        const seq = ++loadSeq;
        loading = loading
          .then(() => load(msg))
          .catch((e) => {
            failedLoad = seq;
            post({ type: "error", reqId: msg.reqId, info: toLabError(e, "preparing the model") });
          });
      }
      break;
    case "run":
      // An uncaught throw, as a crash inside the worker would give: exercises LabRuntime's restart.
      if (msg.debugCrash) throw new Error("debug crash requested by the page");
      latestRun = Math.max(latestRun, msg.runId);
      if (msg.runId === latestRun) queued = { runId: msg.runId, image: msg.image };
      wakeWaiting?.();
      void pump();
      break;
    case "cancel":
      if (msg.runId === latestRun) latestRun++;
      wakeWaiting?.();
      break;
    case "bench":
      void bench(msg).catch((e) => post({ type: "error", reqId: msg.reqId, info: toLabError(e, "timing the model") }));
      break;
    case "debug-lose-device":
      void webgpuDevice().then((d) => d?.destroy());
      break;
  }
};
