// The page's handle on one analysis worker, promise-shaped. One worker holds one model; the lab
// keeps one for its own model (shared by the Spectra and Grad-CAM tabs) and one per compared model.
import type { TapSpectrum } from "../analysis/profile";
import type { TapInfo } from "../onnx/ir";
import type { FromAnalysis, GradTap, ToAnalysis } from "./analysis-protocol";
import { graphWritten } from "./graph-writes";
import type { ModelEntry } from "./manifest";
import type { Backend, WeightsSource } from "./protocol";

export interface SpectraProgress {
  done: number;
  total: number;
  spectra: TapSpectrum[];
  ms: { forward: number; spectra: number };
  input?: Float32Array;
}

export type GradResult = Extract<FromAnalysis, { type: "grad" }>;

/** A loaded analysis copy: its taps, and whether its graph came compiled from the Cache API, in how many ms. */
export interface AnalysisReady {
  taps: TapInfo[];
  numClasses: number;
  cached: boolean;
  ms: number;
}
export type { GradTap };

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  progress?(p: SpectraProgress): void;
}

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

export class AnalysisRuntime {
  private worker: Worker;
  private next = 1;
  private pending = new Map<number, Pending>();
  private loaded: Promise<AnalysisReady> | null = null;
  private disposed = false;
  loadedKey: string | null = null;

  constructor() {
    this.worker = new Worker(new URL("./analysis-worker.ts", import.meta.url), { type: "module", name: "nextvit-analysis" });
    this.worker.onmessage = (ev: MessageEvent<FromAnalysis>) => this.onMessage(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      const e = new Error(`the analysis worker failed: ${ev.message || "script error"}`);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
  }

  private request<T>(build: (id: number) => ToAnalysis, progress?: (p: SpectraProgress) => void): { id: number; done: Promise<T> } {
    const id = this.next++;
    const done = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress }));
    this.worker.postMessage(build(id));
    return { id, done };
  }

  /** Loads `entry` unless the same key is already loaded (or loading); a graph the lab's worker is still storing
   *  under `key` is waited for, then read from the Cache API rather than compiled a second time. */
  load(key: string, entry: ModelEntry, resolution: number, weights: WeightsSource, backend: Backend) {
    if (this.loadedKey === key && this.loaded) return this.loaded;
    this.loadedKey = key;
    this.loaded = graphWritten(key).then(() => {
      if (this.disposed) throw new CancelledError();
      return this.request<AnalysisReady>((reqId) => ({ type: "load", reqId, model: entry, resolution, weights, backend })).done;
    });
    this.loaded.catch(() => (this.loadedKey = null));
    return this.loaded;
  }

  spectra(images: Blob[], progress: (p: SpectraProgress) => void): { id: number; done: Promise<void> } {
    return this.request<void>((jobId) => ({ type: "spectra", jobId, images }), progress);
  }

  grad(image: Blob, classIndex: number | null): { id: number; done: Promise<GradResult> } {
    return this.request<GradResult>((jobId) => ({ type: "grad", jobId, image, classIndex }));
  }

  cancel(id: number): void {
    this.worker.postMessage({ type: "cancel", jobId: id } satisfies ToAnalysis);
  }

  dispose(): void {
    this.disposed = true;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
  }

  private onMessage(msg: FromAnalysis): void {
    const id = "reqId" in msg && msg.reqId !== undefined ? msg.reqId : "jobId" in msg ? msg.jobId : undefined;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined) return;
    switch (msg.type) {
      case "status":
        return;
      case "ready":
        this.pending.delete(id);
        return p.resolve({ taps: msg.taps, numClasses: msg.numClasses, cached: msg.cached, ms: msg.ms } satisfies AnalysisReady);
      case "spectra":
        p.progress?.({ done: msg.done, total: msg.total, spectra: msg.spectra, ms: msg.ms, input: msg.input });
        if (msg.done === msg.total) {
          this.pending.delete(id);
          p.resolve(undefined);
        }
        return;
      case "grad":
        this.pending.delete(id);
        return p.resolve(msg);
      case "cancelled":
        this.pending.delete(id);
        return p.reject(new CancelledError());
      case "error":
        this.pending.delete(id);
        return p.reject(new Error(msg.message));
    }
  }
}

let shared: AnalysisRuntime | null = null;

/** The analysis worker for the lab's own model, shared by the analysis tabs and kept across tab switches. */
export function labAnalysis(): AnalysisRuntime {
  return (shared ??= new AnalysisRuntime());
}
