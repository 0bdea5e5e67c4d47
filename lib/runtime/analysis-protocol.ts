// Messages between the page (analysis-client.ts) and the analysis worker (analysis-worker.ts).
// The analysis worker holds its own copy of the loaded model (forward graph with every tap, and,
// on first Grad-CAM request, the gradient graph) so that image-set averages, a second model for
// comparison and gradient runs never queue behind or replace the lab's main model.
// Large arrays travel as transferred ArrayBuffers, never as copies.
import type { TapSpectrum } from "../analysis/profile";
import type { TapInfo } from "../onnx/ir";
import type { ModelEntry } from "./manifest";
import type { Backend, WeightsSource } from "./protocol";

export type ToAnalysis =
  | { type: "load"; reqId: number; model: ModelEntry; resolution: number; weights: WeightsSource; backend: Backend }
  /** Forward every image, accumulate spectra of every tap; a progress message after each image. */
  | { type: "spectra"; jobId: number; images: Blob[] }
  /** Activations and exact gradients d logit[class] / d tap for every tap (class null: top-1). */
  | { type: "grad"; jobId: number; image: Blob; classIndex: number | null }
  | { type: "cancel"; jobId: number };

export interface GradTap {
  info: TapInfo;
  dims: number[]; // NCHW (NLC taps are turned into maps on their grid)
  activation: Float32Array;
  gradient: Float32Array;
}

export type FromAnalysis =
  /** cached: the forward graph came compiled from the Cache API (the lab's worker built it). */
  | { type: "ready"; reqId: number; taps: TapInfo[]; numClasses: number; ms: number; cached: boolean }
  | { type: "status"; reqId: number; phase: string }
  | {
      type: "spectra";
      jobId: number;
      done: number;
      total: number;
      spectra: TapSpectrum[]; // running mean over the images done so far
      ms: { forward: number; spectra: number }; // for the last image
      input?: Float32Array; // the first image's preprocessed tensor (tests rerun it in Node)
    }
  | {
      type: "grad";
      jobId: number;
      classIndex: number;
      logits: Float32Array;
      input: Float32Array;
      taps: GradTap[];
      ms: { compile: number; grad: number; forward: number };
    }
  | { type: "cancelled"; jobId: number }
  | { type: "error"; reqId?: number; jobId?: number; message: string };
