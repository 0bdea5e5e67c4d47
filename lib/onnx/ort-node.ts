// Node-only (never imported by browser code): runs ONNX bytes in onnxruntime-node for the
// CLI, bench and tests. Float32 feeds in, every graph output back as Float32Array + dims.
import * as ort from "onnxruntime-node";

export interface Feed {
  dims: number[];
  data: Float32Array;
}

export interface Fetched {
  dims: number[];
  data: Float32Array;
}

export async function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { graphOptimizationLevel: "all", executionProviders: ["cpu"] });
}

export async function runSession(
  session: ort.InferenceSession,
  feeds: Record<string, Feed>,
): Promise<Record<string, Fetched>> {
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor("float32", f.data, f.dims);
  const results = await session.run(inputs);
  const out: Record<string, Fetched> = {};
  for (const [name, t] of Object.entries(results)) {
    const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
    out[name] = { dims: [...t.dims], data };
  }
  return out;
}

export async function runOnnx(bytes: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, Fetched>> {
  const session = await createSession(bytes);
  try {
    return await runSession(session, feeds);
  } finally {
    await session.release();
  }
}
