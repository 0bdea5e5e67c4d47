// onnxruntime-web sessions for one backend, with the run and output extraction the lab needs.
import type * as Ort from "onnxruntime-web";
import { EXTERNAL_DATA_FILE, type GraphBytes } from "../onnx/encode";
import type { TapInfo } from "../onnx/ir";
import { ort } from "./ort-module";
import type { AuxTensor, Backend, TapTensor } from "./protocol";
import { tapStats } from "./tap-stats";
import { sessionGraph } from "./unfuse";

/** Options as `sessionGraph` (unfuse.ts) picks them for a graph fused for the CPU or not. */
export async function createSession(model: GraphBytes, backend: Backend): Promise<Ort.InferenceSession> {
  const g = sessionGraph(model.onnx, model.cpuFused === true, backend);
  return ort().InferenceSession.create(g.onnx, {
    executionProviders: [backend],
    graphOptimizationLevel: g.level,
    ...(model.data ? { externalData: [{ path: EXTERNAL_DATA_FILE, data: model.data }] } : {}),
  });
}

// Own the bytes so that the buffer can be transferred without detaching something shared.
function owned(a: Float32Array): Float32Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer ? a : a.slice();
}

export interface SessionOutputs {
  logits: Float32Array;
  taps: TapTensor[];
  aux: AuxTensor[]; // every other output (LeViT's attention maps and bias tables)
}

export async function runSession(
  session: Ort.InferenceSession,
  input: Float32Array,
  size: number,
  taps: TapInfo[],
): Promise<SessionOutputs> {
  const feeds = { input: new (ort().Tensor)("float32", input, [1, 3, size, size]) };
  const out = await session.run(feeds);
  const logitsT = out.logits;
  if (!logitsT) throw new Error("the model has no `logits` output");
  const logits = owned(logitsT.data as Float32Array);
  const tapTensors: TapTensor[] = [];
  for (const info of taps) {
    const t = out[info.path] ?? out[info.value];
    if (!t) continue;
    const data = owned(t.data as Float32Array);
    tapTensors.push({ info, dims: [...t.dims], data, stats: tapStats(data) });
  }
  const used = new Set(["logits", ...taps.flatMap((t) => [t.path, t.value])]);
  const aux = Object.entries(out)
    .filter(([name]) => !used.has(name))
    .map(([name, t]) => ({ name, dims: [...t.dims], data: owned(t.data as Float32Array) }));
  return { logits, taps: tapTensors, aux };
}

export async function webgpuDevice(): Promise<GPUDevice | null> {
  try {
    return ((await ort().env.webgpu.device) as GPUDevice | undefined) ?? null;
  } catch {
    return null;
  }
}
