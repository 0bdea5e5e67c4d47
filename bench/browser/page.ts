// Runs in the bench page (bundled by bench/browser/server.ts): onnxruntime-web sessions on the
// bench's models and the lab's analysis code (spectra of every tap + Grad-CAM at one layer).
// onnxruntime-web itself is loaded by the page from /ort/ so that its thread workers start from ORT's own script, as
// in the app, and as the app chooses it (lib/runtime/ort-module.ts): the WASM-only build for WASM, the WebGPU build
// (ort.min.mjs, loaded on first use) for WebGPU.
import type * as Ort from "onnxruntime-web";
import { computeCam } from "../../lib/analysis/cam";
import { halfDiagonal } from "../../lib/analysis/diagonal";
import { SpectrumAccumulator } from "../../lib/analysis/spectrum";
import { sessionGraph } from "../../lib/runtime/unfuse";

type Ep = "wasm" | "webgpu";
interface TapMeta { path: string; dims: number[] }
interface Meta { taps: TapMeta[]; camTap: string; camClass: number; size: number; input: number[] | null }

const ort = (globalThis as unknown as { ort: typeof Ort }).ort;
const WEBGPU_BUILD = "/ort/ort.min.mjs";
const modules: Partial<Record<Ep, typeof Ort>> = { wasm: ort };
let threadCount = 1;

function configure(m: typeof Ort): typeof Ort {
  m.env.wasm.wasmPaths = "/ort/";
  m.env.wasm.numThreads = threadCount;
  m.env.logLevel = "error";
  return m;
}

/** The build a session on `ep` runs on: the page's WASM-only one, or the WebGPU one, imported on first use. */
async function ortFor(ep: Ep): Promise<typeof Ort> {
  return (modules[ep] ??= configure((await import(/* @vite-ignore */ WEBGPU_BUILD)) as typeof Ort));
}
const sessions = new Map<string, Ort.InferenceSession>();
let meta: Meta;
let input: Float32Array;

async function setup(threads: number): Promise<{ crossOriginIsolated: boolean; gpu: string | null }> {
  threadCount = threads;
  configure(ort);
  meta = await (await fetch("/models/meta.json")).json();
  input = new Float32Array(await (await fetch("/models/input.f32")).arrayBuffer());
  const nav = navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string; description: string } } | null> } };
  const adapter = nav.gpu ? await nav.gpu.requestAdapter().catch(() => null) : null;
  const gpu = adapter ? [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(" ") || "unknown" : null;
  return { crossOriginIsolated: self.crossOriginIsolated, gpu };
}

// `cpuFused`: the model is fused for the CPU as the lab's graphs are; its session is created as the lab's
// createSession creates one (lib/runtime/unfuse.ts, sessionGraph).
async function load(model: string, ep: Ep, cpuFused = false): Promise<number> {
  const t0 = performance.now();
  const m = sessionGraph(new Uint8Array(await (await fetch(`/models/${model}.onnx`)).arrayBuffer()), cpuFused, ep);
  const o = await ortFor(ep);
  sessions.set(`${model}:${ep}`, await o.InferenceSession.create(m.onnx, { executionProviders: [ep], graphOptimizationLevel: m.level }));
  return performance.now() - t0;
}

function feeds(ep: Ep = "wasm") {
  return { input: new modules[ep]!.Tensor("float32", input, [1, 3, meta.size, meta.size]) };
}

/** A logits-only run of a loaded model (default: the comparison's "forward"; the ablation loads one per variant). */
async function forward(ep: Ep, model = "forward"): Promise<{ ms: number; logits: number[] }> {
  const s = sessions.get(`${model}:${ep}`)!;
  const t0 = performance.now();
  const out = await s.run(feeds(ep));
  const ms = performance.now() - t0;
  return { ms, logits: Array.from(out.logits.data as Float32Array) };
}

/** Forward with all taps and the gradient, spectra of every tap, Grad-CAM at the input size. */
async function analysis(ep: Ep): Promise<{ ms: number; runMs: number; spectraMs: number; camMs: number; logits: number[]; cam: number[]; check: number }> {
  const s = sessions.get(`analysis:${ep}`)!;
  const t0 = performance.now();
  const out = await s.run(feeds(ep));
  const t1 = performance.now();
  let check = 0;
  for (const t of meta.taps) {
    const [, c, h, w] = t.dims;
    const acc = new SpectrumAccumulator(h, w);
    acc.add({ data: out[t.path].data as Float32Array, dims: [1, c, h, w] });
    const d = halfDiagonal(acc.mean(), h, w);
    check += d.dlogA[d.dlogA.length - 1];
  }
  const t2 = performance.now();
  const tap = meta.taps.find((t) => t.path === meta.camTap)!;
  const cam = computeCam("gradcam", {
    activation: out[meta.camTap].data as Float32Array,
    gradient: out[`grad.${meta.camTap}`].data as Float32Array,
    dims: tap.dims,
  }, meta.size, meta.size);
  const t3 = performance.now();
  const sampled: number[] = [];
  for (let y = 0; y < meta.size; y += 16) for (let x = 0; x < meta.size; x += 16) sampled.push(cam.maps[y * meta.size + x]);
  return { ms: t3 - t0, runMs: t1 - t0, spectraMs: t2 - t1, camMs: t3 - t2, logits: Array.from(out.logits.data as Float32Array), cam: sampled, check };
}

/**
 * onnxruntime-web's own profiler on a model: a session created with enableProfiling, `runs` logits-only runs,
 * then endProfiling, which makes the WASM build print its trace (Chrome trace events, one per node and run) to
 * the console, where the bench collects it. Returns the wall time of each run for comparison.
 */
async function profile(model: string, runs: number, cpuFused = false): Promise<number[]> {
  const m = sessionGraph(new Uint8Array(await (await fetch(`/models/${model}.onnx`)).arrayBuffer()), cpuFused, "wasm");
  const s = await ort.InferenceSession.create(m.onnx, { executionProviders: ["wasm"], graphOptimizationLevel: m.level, enableProfiling: true });
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await s.run(feeds());
    ms.push(performance.now() - t0);
  }
  s.endProfiling();
  await s.release();
  return ms;
}

async function release(): Promise<void> {
  for (const s of sessions.values()) await s.release();
  sessions.clear();
}

(globalThis as unknown as { labBench: unknown }).labBench = { setup, load, forward, analysis, profile, release };
