// Runs one compile in a fresh compile worker (lib/runtime/compile-worker.ts) and ends the worker as soon as the graph
// has arrived, which frees everything the compile allocated.
import type { CompileRequest, Compiled, FromCompiler } from "./compile-protocol";
import { LabError, labErrors } from "./errors";

export function compileInWorker(req: CompileRequest, onProgress: (phase: string, loaded: number, total: number) => void): Promise<Compiled> {
  const worker = new Worker(new URL("./compile-worker.ts", import.meta.url), { type: "module", name: "nextvit-compile" });
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
    worker.postMessage(req);
  });
}
