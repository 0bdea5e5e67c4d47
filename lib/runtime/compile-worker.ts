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

async function compile({ entry, resolution, weights }: CompileRequest): Promise<void> {
  const t: Record<string, number> = {};
  const t0 = performance.now();
  const progress = (phase: string, loaded = 0, total = 0) => post({ type: "progress", phase, loaded, total });
  let bytes: Uint8Array | null = null;
  let weightsName = entry.weights.kind === "random" ? `random (seed ${entry.weights.seed})` : entry.weights.url;
  if (weights.kind === "file") {
    progress("reading file", 0, weights.file.size);
    bytes = new Uint8Array(await weights.file.arrayBuffer());
    weightsName = weights.file.name;
  } else if (weights.kind === "url" || entry.weights.kind === "file") {
    const url = weights.kind === "url" ? weights.url : (entry.weights as { url: string }).url;
    bytes = await downloadWithProgress(url, (l, n) => progress("downloading weights", l, n));
    weightsName = url.split("/").pop() || url;
  }
  t.weights = performance.now() - t0;
  const weightsSha = bytes ? await sha256Hex(bytes) : undefined;
  const shippedSha = weights.kind === "manifest" && entry.weights.kind === "file" ? entry.weights.sha256 : undefined;
  if (bytes && shippedSha && weightsSha !== shippedSha) throw labErrors.integrity(weightsName, shippedSha, weightsSha ?? "");
  const key = await graphKey(entry, resolution, weightsSha ?? entry.weights);
  const found = await readCachedModel(key);
  if (found) {
    post({ type: "done", compiled: { model: found, key, cached: true, size: entry.size ?? null, weightsName, weightsSha, timings: t } },
      [found.onnx.buffer, ...(found.data ? [found.data.buffer] : [])]);
    return;
  }
  progress("generating weights and compiling graph");
  const t2 = performance.now();
  const built = compileEntry(entry, resolution, bytes, weightsName, true);
  bytes = null;
  t.compile = performance.now() - t2;
  const model = { onnx: built.onnx, data: built.data, taps: built.taps, numClasses: built.numClasses };
  post({ type: "done", compiled: { model, key, cached: false, size: built.size, weightsName, weightsSha, timings: t } },
    [model.onnx.buffer, ...(model.data ? [model.data.buffer] : [])]);
}

scope.onmessage = (ev: MessageEvent<CompileRequest>) => {
  compile(ev.data).catch((e) => post({ type: "error", info: toLabError(e, "preparing the model") }));
};
