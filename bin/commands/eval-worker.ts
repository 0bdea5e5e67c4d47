// Worker thread of `lab eval` (see eval-prepare.ts): decodes image bytes and preprocesses them
// with the lab's function, and sends the model input back (its buffer transferred, not copied).
import { parentPort, workerData } from "node:worker_threads";
import { decodeImageNode } from "../../lib/image/decode-node";
import { type PreprocessConfig, preprocess } from "../../lib/image/preprocess";

const cfg = workerData as PreprocessConfig;

parentPort!.on("message", ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  try {
    const x = preprocess(decodeImageNode(bytes), cfg);
    parentPort!.postMessage({ id, x }, [x.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
