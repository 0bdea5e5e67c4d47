// Runs one compile in a fresh compile worker (lib/runtime/compile-worker.ts) and ends the worker as soon as the graph
// has arrived, which frees everything the compile allocated.
import type { CompileRequest, Compiled, FromCompiler } from "./compile-protocol";
import { LabError, labErrors } from "./errors";

function spawnCompiler(): Worker {
  return new Worker(new URL("./compile-worker.ts", import.meta.url), { type: "module", name: "nextvit-compile" });
}

/** A compile worker started ahead of its request, so that its script (the whole compiler) loads while the page is
 *  still hydrating and the weights arrive, not after. Used by the next compile; a load the Cache API answers ends it. */
let spare: Worker | null = null;

export function prepareCompileWorker(): void {
  spare ??= spawnCompiler();
}

export function dropCompileWorker(): void {
  spare?.terminate();
  spare = null;
}

export function compileInWorker(req: CompileRequest, onProgress: (phase: string, loaded: number, total: number) => void): Promise<Compiled> {
  const worker = spare ?? spawnCompiler();
  spare = null;
  return new Promise<Compiled>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<FromCompiler>) => {
      const msg = ev.data;
      if (msg.type === "progress") return onProgress(msg.phase, msg.loaded, msg.total);
      worker.terminate();
      if (msg.type === "done") resolve(msg.compiled);
      else reject(new LabError(msg.info));
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(labErrors.session(`the compile worker failed: ${ev.message || "unknown error"}`));
    };
    const pre = req.weights.kind === "manifest" ? req.weights.prefetched : undefined;
    worker.postMessage({ ...req, postedAt: performance.timeOrigin + performance.now() }, pre ? [pre.buffer] : []);
  });
}
