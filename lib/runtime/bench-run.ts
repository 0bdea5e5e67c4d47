// Latency of the loaded session with only `logits` fetched: the taps are still computed (they lie on the
// path to the logits) but never copied back, so the time is the network's, not the lab's read-out.
import * as ort from "onnxruntime-web";

export async function benchLogits(
  session: ort.InferenceSession, input: Float32Array, size: number, warmup: number, runs: number,
  onRun: (done: number, total: number) => void,
): Promise<number[]> {
  const feeds = { input: new ort.Tensor("float32", input, [1, 3, size, size]) };
  const samples: number[] = [];
  const total = warmup + runs;
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    await session.run(feeds, ["logits"]);
    const dt = performance.now() - t0;
    if (i >= warmup) samples.push(dt);
    onRun(i + 1, total);
  }
  return samples;
}
