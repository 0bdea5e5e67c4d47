// Latency of the loaded session with only `logits` fetched: the taps are still computed (they lie on the
// path to the logits) but never copied back, so the time is the network's, not the lab's read-out.
import type * as Ort from "onnxruntime-web";
import { ort } from "./ort-module";
import { measureLatency } from "../studio/latency";

export async function benchLogits(
  session: Ort.InferenceSession, input: Float32Array, size: number, warmup: number, runs: number,
  onRun: (done: number, total: number) => void,
): Promise<number[]> {
  const feeds = { input: new (ort().Tensor)("float32", input, [1, 3, size, size]) };
  const stats = await measureLatency(async () => void (await session.run(feeds, ["logits"])), { warmup, runs, onProgress: onRun });
  return stats.samplesMs;
}
