// Model inputs for `lab eval`, in order. onnxruntime-node's run blocks the main thread, and JPEG
// decoding plus the antialiased bicubic resize cost about as much as a small model's run, so on a
// machine with cores to spare they happen in worker threads, a few images ahead of the model.
// With no workers (2 cores: onnxruntime already uses both) they run inline, between runs.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { decodeImageNode } from "../../lib/image/decode-node";
import { type PreprocessConfig, preprocess } from "../../lib/image/preprocess";
import type { Sample } from "./eval-data";

/** Default worker count: a quarter of the cores, at most 4; none on small machines. */
export function defaultWorkers(): number {
  return Math.min(4, Math.floor(availableParallelism() / 4));
}

export class PrepareError extends Error {
  constructor(readonly sample: Sample, message: string) {
    super(message);
  }
}

/**
 * The workers run the TypeScript sources through tsx's loader (a worker does not inherit the
 * loader of the `tsx bin/lab.ts` process), registered by a tiny ES module bootstrap.
 */
function spawn(cfg: PreprocessConfig): Worker {
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./eval-worker.ts", import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: cfg });
}

type Pending = { resolve: (x: Float32Array) => void; reject: (e: Error) => void };

/** Inputs [3·S·S] of `samples`, in order; a sample that cannot be read or decoded throws PrepareError. */
export async function* prepared(samples: Sample[], cfg: PreprocessConfig, workers: number): AsyncGenerator<Float32Array> {
  if (workers < 1) {
    for (const s of samples) {
      try {
        yield preprocess(decodeImageNode(s.read()), cfg);
      } catch (e) {
        throw e instanceof PrepareError ? e : new PrepareError(s, e instanceof Error ? e.message : String(e));
      }
    }
    return;
  }
  const pool = Array.from({ length: workers }, () => spawn(cfg));
  const waiting = new Map<number, Pending>();
  let broken: Error | null = null;
  let closing = false;
  // A worker that dies would leave every image sent to it pending forever: fail them all instead.
  const fail = (e: Error) => {
    broken ??= e;
    waiting.forEach((p) => p.reject(e));
    waiting.clear();
  };
  for (const w of pool) {
    w.on("message", (m: { id: number; x?: Float32Array; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.x) p?.resolve(m.x);
      else p?.reject(new Error(m.error));
    });
    w.on("error", fail);
    w.on("exit", (code) => closing || fail(new Error(`a preprocessing worker exited (code ${code})`)));
  }
  const queue: Array<Promise<Float32Array>> = [];
  let next = 0;
  const submit = () => {
    const i = next++;
    const s = samples[i];
    const p = new Promise<Float32Array>((resolve, reject) => {
      if (broken) return reject(broken);
      waiting.set(i, { resolve, reject });
      try {
        const bytes = s.read();
        pool[i % workers].postMessage({ id: i, bytes }, [bytes.buffer as ArrayBuffer]);
      } catch (e) {
        waiting.delete(i);
        reject(e);
      }
    }).catch((e: unknown) => {
      throw new PrepareError(s, e instanceof Error ? e.message : String(e));
    });
    p.catch(() => {}); // awaited in order below; a failure ahead of its turn is not unhandled
    queue.push(p);
  };
  try {
    while (next < samples.length && queue.length < 2 * workers) submit();
    while (queue.length) {
      const x = await queue.shift()!;
      if (next < samples.length) submit();
      yield x;
    }
  } finally {
    closing = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
