// Promise-shaped, one-job-at-a-time use of the app's LabRuntime (one worker): the studio loads its 2–4
// models in turn, so only one compiled model sits in memory. Results are matched to requests because the
// queue never lets two requests overlap.
import { AnalysisRuntime } from "@/lib/runtime/analysis-client";
import { LabRuntime } from "@/lib/runtime/client";
import type { TapInfo } from "@/lib/onnx/ir";
import type { LabErrorInfo } from "@/lib/runtime/errors";
import type { ModelEntry } from "@/lib/runtime/manifest";
import type { Backend, BackendInfo, BackendPref, ModelSummary, RunResult } from "@/lib/runtime/protocol";

export interface StudioRuntimeEvents {
  backend(info: BackendInfo): void;
  progress(phase: string, loaded: number, total: number): void;
  notice(info: LabErrorInfo): void;
}

export class StudioJobError extends Error {
  constructor(readonly info: LabErrorInfo) {
    super(`${info.code}: ${info.message}`);
  }
}

type Waiter<T> = { resolve(v: T): void; reject(e: Error): void };

export class StudioRuntime {
  private rt: LabRuntime;
  private queue: Promise<unknown> = Promise.resolve();
  private loadWaiter: Waiter<ModelSummary> | null = null;
  private runWaiter: Waiter<RunResult> | null = null;
  private benchWaiter: (Waiter<{ samplesMs: number[]; backend: Backend }> & { progress(done: number, total: number): void }) | null = null;
  private loadedKey: string | null = null;
  private analysisRt: AnalysisRuntime | null = null;

  constructor(events: StudioRuntimeEvents, pref: BackendPref) {
    this.rt = new LabRuntime(
      {
        backend: events.backend,
        progress: events.progress,
        notice: events.notice,
        model: (s) => this.loadWaiter?.resolve(s),
        result: (r) => this.runWaiter?.resolve(r),
        error: (info, ctx) => (ctx === "load" ? this.loadWaiter : this.runWaiter)?.reject(new StudioJobError(info)),
        benchProgress: (_id, done, total) => this.benchWaiter?.progress(done, total),
        bench: (_id, samplesMs, backend) => this.benchWaiter?.resolve({ samplesMs, backend }),
        benchError: (_id, info) => this.benchWaiter?.reject(new StudioJobError(info)),
      },
      pref,
    );
  }

  /** Runs `job` after every earlier job has settled. */
  enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Inside a job: make `entry` at `resolution` the loaded model (no-op when it already is). */
  async ensureLoaded(entry: ModelEntry, resolution: number): Promise<void> {
    const key = `${JSON.stringify(entry)}@${resolution}`;
    if (this.loadedKey === key) return;
    this.loadedKey = null;
    await new Promise<ModelSummary>((resolve, reject) => {
      this.loadWaiter = { resolve, reject };
      this.rt.load(entry, resolution);
    }).finally(() => (this.loadWaiter = null));
    this.loadedKey = key;
  }

  /** Inside a job: one run of the loaded model. */
  run(image: Blob): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      this.runWaiter = { resolve, reject };
      this.rt.run(image);
    }).finally(() => (this.runWaiter = null));
  }

  /**
   * The analysis worker (gradients, image-set spectra), started on first use. Its jobs go through the same
   * queue as the model worker's, so the studio never computes two things at once on a shared CPU.
   */
  get analysis(): AnalysisRuntime {
    return (this.analysisRt ??= new AnalysisRuntime());
  }

  /** Inside a job: make `entry` the analysis worker's model; resolves to the graph's taps. */
  async ensureAnalysisLoaded(entry: ModelEntry, resolution: number, backend: Backend): Promise<TapInfo[]> {
    const key = `${JSON.stringify(entry)}@${resolution}|${backend}`;
    return (await this.analysis.load(key, entry, resolution, { kind: "manifest" }, backend)).taps;
  }

  /** Inside a job: warm-up then timed runs of the loaded model, logits only (no taps read back). */
  bench(image: Blob, warmup: number, runs: number, progress: (done: number, total: number) => void): Promise<{ samplesMs: number[]; backend: Backend }> {
    return new Promise<{ samplesMs: number[]; backend: Backend }>((resolve, reject) => {
      this.benchWaiter = { resolve, reject, progress };
      this.rt.bench(image, warmup, runs);
    }).finally(() => (this.benchWaiter = null));
  }

  dispose(): void {
    this.analysisRt?.dispose();
    this.loadWaiter?.reject(new Error("studio runtime closed"));
    this.runWaiter?.reject(new Error("studio runtime closed"));
    this.rt.dispose();
  }
}
