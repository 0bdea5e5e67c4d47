// Starts onnxruntime-web's WASM runtime (fetching and compiling its .wasm, the thread pool) while the worker is still
// downloading weights and compiling the graph, instead of inside the first real session's creation: ORT initialises
// once per worker, on the first InferenceSession.create, so a one-node session created at once takes that cost off
// the cold start's critical path. Failures are ignored here: the real session reports them with context.
import { GraphBuilder } from "../onnx/builder";
import { encodeModel } from "../onnx/encode";
import type { Backend } from "./protocol";
import { createSession } from "./session";

let started: Promise<void> | null = null;

/** A graph with one Relu on a 1-element input: the smallest model that makes ORT initialise. */
export function tinyModel(): Uint8Array {
  const g = new GraphBuilder("ort-warmup");
  g.output(g.op("Relu", [g.input("x", "float32", [1])], {}, "relu"), "y");
  return encodeModel(g.build());
}

export function warmOrt(backend: Backend): Promise<void> {
  if (backend !== "wasm") return Promise.resolve(); // WebGPU's device setup is its own path
  return (started ??= createSession({ onnx: tinyModel(), data: null }, "wasm").then((s) => s.release(), () => {}));
}
