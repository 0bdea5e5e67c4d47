/// <reference lib="webworker" />
// Downloads (or reads) the weights, checks them and compiles the graph, for the model worker, then is terminated.
// Why a worker of its own: a compile leaves ~200-300 MB of garbage behind (the downloaded bytes, the float32 state
// dict, the graph's folded tensors) that V8 frees only at its next collection, which used to come after ORT had
// copied the weights into its heap, so the garbage, the weights in JS and ORT's copy made the tab's peak together.
// Ending this worker frees its whole heap at once, before the session is created.
import { compileEntry } from "./build-model";
import type { CompileRequest, FromCompiler } from "./compile-protocol";
import { downloadWithProgress, sha256Hex } from "./download";
import { labErrors, toLabError } from "./errors";
import { graphKey } from "./graph-key";
import { readCachedModel } from "./model-cache";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(msg: FromCompiler, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

async function compile({ entry, resolution, weights, postedAt }: CompileRequest): Promise<void> {
  const t: Record<string, number> = {};
  // A request that waited: the worker's own script was still loading when it was sent.
  if (postedAt) t.compileQueued = performance.timeOrigin + performance.now() - postedAt;
  const t0 = performance.now();
  const progress = (phase: string, loaded = 0, total = 0) => post({ type: "progress", phase, loaded, total });
  let bytes: Uint8Array | null = null;
  let weightsName = entry.weights.kind === "random" ? `random (seed ${entry.weights.seed})` : entry.weights.url;
  if (weights.kind === "file") {
    progress("reading file", 0, weights.file.size);
    bytes = new Uint8Array(await weights.file.arrayBuffer());
    weightsName = weights.file.name;
  } else if (weights.kind === "manifest" && weights.prefetched && entry.weights.kind === "file") {
    bytes = weights.prefetched; // the page's early download (lib/runtime/early-weights-boot.ts)
    weightsName = entry.weights.url.split("/").pop() || entry.weights.url;
  } else if (weights.kind === "url" || entry.weights.kind === "file") {
    const url = weights.kind === "url" ? weights.url : (entry.weights as { url: string }).url;
    bytes = await downloadWithProgress(url, (l, n) => progress("downloading weights", l, n));
    weightsName = url.split("/").pop() || url;
  }
  t.weights = performance.now() - t0;
  const t1 = performance.now();
  // (Chromium's WebCrypto hashes on the calling thread, synchronously: ~0.1 s for Next-ViT-S's 62 MB.)
  const weightsSha = bytes ? await sha256Hex(bytes) : undefined;
  const shippedSha = weights.kind === "manifest" && entry.weights.kind === "file" ? entry.weights.sha256 : undefined;
  if (bytes && shippedSha && weightsSha !== shippedSha) throw labErrors.integrity(weightsName, shippedSha, weightsSha ?? "");
  const key = await graphKey(entry, resolution, weightsSha ?? entry.weights);
  // Shipped weights: the model worker looked under this same key before asking for a compile.
  const found = shippedSha ? null : await readCachedModel(key);
  t.verify = performance.now() - t1; // sha256 of the bytes and the cache lookup under it
  if (found) {
    post({ type: "done", compiled: { model: found, key, cached: true, size: entry.size ?? null, weightsName, weightsSha, timings: t } },
      [found.onnx.buffer, ...(found.data ? [found.data.buffer] : [])]);
    return;
  }
  progress(bytes ? "reading weights and compiling graph" : "generating random weights and compiling graph");
  const t2 = performance.now();
  // Verified shipped bytes skip the NaN/Inf scan (compileEntry says why).
  const built = compileEntry(entry, resolution, bytes, weightsName, true, shippedSha !== undefined);
  bytes = null;
  t.compile = performance.now() - t2;
  const model = { onnx: built.onnx, data: built.data, cpuFused: built.cpuFused, taps: built.taps, numClasses: built.numClasses };
  post({ type: "done", compiled: { model, key, cached: false, size: built.size, weightsName, weightsSha, timings: t } },
    [model.onnx.buffer, ...(model.data ? [model.data.buffer] : [])]);
}

scope.onmessage = (ev: MessageEvent<CompileRequest>) => {
  compile(ev.data).catch((e) => post({ type: "error", info: toLabError(e, "preparing the model") }));
};
