// Which build of onnxruntime-web a worker runs, chosen once per worker from its backend.
// Why two: the default build ("onnxruntime-web", ort-wasm-simd-threaded.jsep.wasm, 28 MB) carries the WebGPU
// execution provider and is compiled with Asyncify, which instruments most of the module; the WASM-only build
// ("onnxruntime-web/wasm", ort-wasm-simd-threaded.wasm, 14 MB) has the same CPU kernels without either. On WASM the
// lab only needs the second, and V8 compiling half the code (lazily, on first call) showed in every cold start:
// on this project's 2-core host, alternated runs of the app gave first inference 0.47-0.75 s against 1.2-1.6 s,
// page load to first result 4.4-6.1 s against 7.3-8.4 s and the tab's peak 533-629 MB against 662-670 MB (README,
// Benchmarks). A worker that picked WebGPU loads the WebGPU build, whose WASM provider also covers a switch to
// WASM after a GPU fault; a worker that picked WASM never needs WebGPU (asking for it starts a new worker).
import type * as Ort from "onnxruntime-web";
import type { Backend } from "./protocol";

export type OrtModule = typeof Ort;

let loading: Promise<OrtModule> | null = null;
let loaded: OrtModule | null = null;

/** Loads and configures the build for `backend` (the first call decides; later calls get the same module). */
export function loadOrt(backend: Backend, threads: number): Promise<OrtModule> {
  return (loading ??= (backend === "webgpu" ? import("onnxruntime-web") : import("onnxruntime-web/wasm")).then((m) => {
    m.env.wasm.wasmPaths = "/ort/"; // copied there by scripts/copy-ort.mjs; never a CDN
    m.env.wasm.numThreads = threads;
    m.env.wasm.proxy = false; // we are already in a worker
    m.env.logLevel = "error";
    return (loaded = m);
  }));
}

/** The module loadOrt loaded; sessions are only ever created after it. */
export function ort(): OrtModule {
  if (!loaded) throw new Error("onnxruntime-web is not loaded yet (loadOrt comes first)");
  return loaded;
}
