// Messages between the page (lib/runtime/client.ts) and the model worker (worker.ts).
// Large arrays travel as transferred ArrayBuffers, never as copies.
import type { TapInfo } from "../onnx/ir";
import type { LabErrorInfo } from "./errors";
import type { ModelEntry } from "./manifest";

export type Backend = "webgpu" | "wasm";
export type BackendPref = "auto" | Backend;

export interface BackendInfo {
  backend: Backend;
  reason: string; // why this backend runs, in words for the UI
  adapter?: string; // e.g. "google swiftshader (fallback adapter)"
  /** Set when "auto" chose WASM over a software WebGPU adapter (its name); WebGPU is then one click away. */
  softwareAdapter?: string;
  threads?: number; // WASM threads
  crossOriginIsolated: boolean;
}

export type WeightsSource =
  /** What the manifest says (random seed for untrained models). `prefetched`: its file's bytes, downloaded by the
   *  page's early-weights script (transferred; still checked against the manifest's sha256). */
  | { kind: "manifest"; prefetched?: Uint8Array }
  | { kind: "file"; file: File } // structured clone of a File shares its bytes
  | { kind: "url"; url: string };

export interface TapTensor {
  info: TapInfo;
  dims: number[];
  data: Float32Array;
  stats: TapStats;
}

export interface TapStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  nearZero: number; // share of values with |x| <= 1% of max|x|
}

export interface ModelSummary {
  key: string; // sha256 of everything that determines the compiled graph
  modelId: string;
  size: "S" | "B" | "L" | null; // null for the zoo's other architectures
  resolution: number;
  numClasses: number;
  labels: "imagenet" | "imagenette" | "index";
  untrained: boolean;
  weightsName: string; // "random (seed 1)" or the file / URL name
  weightsSha256?: string;
  taps: TapInfo[];
  cached: boolean; // compiled graph came from the Cache API
  onnxBytes: number;
  timings: Record<string, number>; // ms per phase
}

export interface RunResult {
  runId: number;
  logits: Float32Array;
  input: Float32Array; // the preprocessed [1,3,S,S] tensor, for input previews
  taps: TapTensor[];
  backend: Backend;
  timings: { decode: number; preprocess: number; inference: number; total: number };
  imageSize: [number, number];
  /** Graph outputs that are neither logits nor taps (LeViT: `blocks.N.attention`, `levit.bias.blocks.N`). */
  aux?: AuxTensor[];
}

export interface AuxTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

export type ToWorker =
  | { type: "init"; pref: BackendPref; reason?: string } // reason: why a restarted worker uses this backend
  | { type: "load"; reqId: number; model: ModelEntry; resolution: number; weights: WeightsSource }
  | { type: "run"; runId: number; image: Blob; debugCrash?: true } // debugCrash: test hook for the restart path
  | { type: "cancel"; runId: number }
  /** Timing only: `warmup` untimed then `runs` timed session runs fetching `logits` alone. */
  | { type: "bench"; reqId: number; image: Blob; warmup: number; runs: number }
  | { type: "debug-lose-device" }; // destroys the WebGPU device, to exercise the WASM rerun path

export type FromWorker =
  | { type: "backend"; info: BackendInfo }
  | { type: "progress"; reqId: number; phase: string; loaded: number; total: number }
  | { type: "model"; reqId: number; summary: ModelSummary }
  | { type: "stored"; key: string } // the model's compiled graph is in the Cache API (or its write failed)
  | { type: "input"; runId: number; input: Float32Array } // a run's preprocessed tensor, before its result
  | { type: "result"; result: RunResult }
  | { type: "notice"; info: LabErrorInfo }
  | { type: "bench-progress"; reqId: number; done: number; total: number }
  | { type: "bench"; reqId: number; samplesMs: number[]; backend: Backend }
  | { type: "restart"; pref: Backend; why: string; notice: LabErrorInfo } // this worker cannot go on: start a fresh one
  | { type: "error"; reqId?: number; runId?: number; info: LabErrorInfo };
