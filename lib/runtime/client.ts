// The page's handle on the model worker: request ids, latest-run-wins, and typed events.
import { labErrors, type LabErrorInfo } from "./errors";
import { noteCompiledGraph, takeEarlyWeights } from "./early-weights";
import { graphWriteEnded, graphWriteStarted, graphWritesAbandoned } from "./graph-writes";
import type { ModelEntry } from "./manifest";
import type { Backend, BackendInfo, BackendPref, FromWorker, ModelSummary, RunResult, ToWorker, WeightsSource } from "./protocol";

export interface RuntimeEvents {
  backend(info: BackendInfo): void;
  progress(phase: string, loaded: number, total: number): void;
  model(summary: ModelSummary): void;
  /** The latest run's preprocessed input, as soon as the worker has it (the model may still be loading). */
  input?(runId: number, input: Float32Array): void;
  result(result: RunResult): void;
  notice(info: LabErrorInfo): void;
  error(info: LabErrorInfo, context: "load" | "run"): void;
  /** Answers to bench(): progress after every run, then the timed samples (ms). */
  benchProgress?(reqId: number, done: number, total: number): void;
  bench?(reqId: number, samplesMs: number[], backend: Backend): void;
  benchError?(reqId: number, info: LabErrorInfo): void;
}

export class LabRuntime {
  private worker: Worker;
  private nextReq = 1;
  private nextRun = 1;
  private latestLoad = 0;
  private latestRun = 0;

  // What a restarted worker needs to get back to where the crashed one was.
  private lastLoad: Extract<ToWorker, { type: "load" }> | null = null;
  private lastRun: Extract<ToWorker, { type: "run" }> | null = null;
  private retriedRun = 0; // a run is retried after a crash once, never twice
  private deliveredLoad = 0; // reqId whose model the page already has
  private silentLoad = 0; // a reload after a crash the page need not hear about
  private debugCrashes = 0;
  private benchReqs = new Set<number>();
  private silentCrashes = 0; // crashes since the last message from a worker
  private initReason?: string;
  /** Set while a load waits for the page's early weights download: later messages queue behind it, in order. */
  private held: Promise<void> | null = null;
  private firstLoad = true;

  constructor(private events: RuntimeEvents, private pref: BackendPref = "auto") {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "nextvit-lab" });
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      this.silentCrashes = 0;
      this.onMessage(ev.data);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      // A worker that keeps failing before it says anything cannot start (say a blocked
      // script): restarting it again would loop.
      if (++this.silentCrashes < 3) return this.onCrash();
      const why = `the model worker does not start (${ev.message || "script error"})`;
      this.events.error(labErrors.session(why).toInfo(), "load");
    };
    w.postMessage({ type: "init", pref: this.pref, reason: this.initReason } satisfies ToWorker);
    return w;
  }

  /** A fresh worker with the model reloaded; returns the run the old one left unfinished. */
  private respawn(): Extract<ToWorker, { type: "run" }> | null {
    this.worker.terminate();
    graphWritesAbandoned();
    this.worker = this.spawn();
    if (this.lastLoad) {
      if (this.lastLoad.reqId === this.deliveredLoad) this.silentLoad = this.lastLoad.reqId;
      this.send(this.lastLoad);
    }
    return this.lastRun && this.lastRun.runId === this.latestRun ? this.lastRun : null;
  }

  /** The worker asked to be replaced (WebGPU device lost): rerun on a fresh worker and backend. */
  private restart(pref: BackendPref, why: string, notice: LabErrorInfo): void {
    this.pref = pref;
    this.initReason = `switched from WebGPU: ${why}`;
    const run = this.respawn();
    if (run) this.sendRun(run);
    this.events.notice(notice);
  }

  /** An uncaught error in the worker: start a fresh one, reload the model, rerun the image once. */
  private onCrash(): void {
    const run = this.respawn();
    if (!run) return;
    const retry = this.retriedRun !== run.runId;
    this.retriedRun = run.runId;
    if (retry) this.sendRun(run);
    const info = labErrors.workerCrash(retry).toInfo();
    if (retry) this.events.notice(info);
    else this.events.error(info, "run");
  }

  load(model: ModelEntry, resolution: number, weights: WeightsSource = { kind: "manifest" }): number {
    const reqId = this.nextReq++;
    this.latestLoad = reqId;
    this.lastLoad = { type: "load", reqId, model, resolution, weights };
    // The first load takes over the download the page's script started, if it is this load's file.
    const early = this.firstLoad && weights.kind === "manifest" && model.weights.kind === "file"
      ? takeEarlyWeights(model.weights.url)
      : this.firstLoad ? takeEarlyWeights(null) : null;
    this.firstLoad = false;
    if (!early) {
      this.send(this.lastLoad);
      return reqId;
    }
    early.onprogress = (loaded, total) => {
      if (this.latestLoad === reqId) this.events.progress("downloading weights", loaded, total);
    };
    early.onprogress(early.loaded, early.total);
    const worker = this.worker;
    this.hold(early.bytes, (bytes) => {
      early.onprogress = null;
      // A crash meanwhile respawned the worker, which was sent this load already (without the bytes).
      if (this.worker !== worker || this.lastLoad?.reqId !== reqId) return;
      const msg = bytes ? { ...this.lastLoad, weights: { kind: "manifest" as const, prefetched: bytes } } : this.lastLoad;
      worker.postMessage(msg, bytes ? [bytes.buffer] : []);
    });
    return reqId;
  }

  /** Runs an image; any earlier run still in flight is superseded and its result dropped. */
  run(image: Blob): number {
    const runId = this.nextRun++;
    this.latestRun = runId;
    this.lastRun = { type: "run", runId, image };
    this.sendRun(this.lastRun);
    return runId;
  }

  private sendRun(run: Extract<ToWorker, { type: "run" }>): void {
    const crash = this.debugCrashes > 0;
    if (crash) this.debugCrashes--;
    this.send(crash ? { ...run, debugCrash: true } : run);
  }

  /** Times the loaded model on `image` with only its logits fetched; answers through the bench events. */
  bench(image: Blob, warmup: number, runs: number): number {
    const reqId = this.nextReq++;
    this.benchReqs.add(reqId);
    this.send({ type: "bench", reqId, image, warmup, runs });
    return reqId;
  }

  /** Test hook: the worker throws an uncaught error on each of the next `n` runs it receives. */
  debugCrashNextRuns(n: number): void {
    this.debugCrashes = n;
  }

  cancel(): void {
    this.send({ type: "cancel", runId: this.latestRun });
    this.latestRun = -1;
  }

  debugLoseDevice(): void {
    this.send({ type: "debug-lose-device" });
  }

  dispose(): void {
    this.worker.terminate();
    graphWritesAbandoned();
  }

  private send(msg: ToWorker): void {
    if (!this.held) return this.worker.postMessage(msg);
    const worker = this.worker;
    this.hold(this.held, () => {
      if (this.worker === worker) worker.postMessage(msg);
    });
  }

  /** Runs `then` once `p` settles, and holds every later message until it has. */
  private hold<T>(p: Promise<T>, then: (v: T) => void): void {
    const h: Promise<void> = p.then(then).then(() => {
      if (this.held === h) this.held = null;
    });
    this.held = h;
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.type) {
      case "backend":
        return this.events.backend(msg.info);
      case "progress":
        if (msg.reqId === this.latestLoad && msg.reqId !== this.silentLoad) this.events.progress(msg.phase, msg.loaded, msg.total);
        return;
      case "model":
        if (!msg.summary.cached) graphWriteStarted(msg.summary.key); // the worker is storing it: "stored" follows
        if (msg.reqId !== this.latestLoad) return;
        if (msg.reqId === this.silentLoad) return void (this.silentLoad = 0);
        this.deliveredLoad = msg.reqId;
        if (!msg.summary.cached) noteCompiledGraph(msg.summary.key);
        return this.events.model(msg.summary);
      case "stored":
        return graphWriteEnded(msg.key);
      case "input":
        if (msg.runId === this.latestRun) this.events.input?.(msg.runId, msg.input);
        return;
      case "result":
        if (msg.result.runId === this.latestRun) this.events.result(msg.result);
        return;
      case "restart":
        return this.restart(msg.pref, msg.why, msg.notice);
      case "notice":
        return this.events.notice(msg.info);
      case "bench-progress":
        return this.events.benchProgress?.(msg.reqId, msg.done, msg.total);
      case "bench":
        this.benchReqs.delete(msg.reqId);
        return this.events.bench?.(msg.reqId, msg.samplesMs, msg.backend);
      case "error":
        if (msg.reqId !== undefined && this.benchReqs.delete(msg.reqId)) return this.events.benchError?.(msg.reqId, msg.info);
        if (msg.reqId !== undefined && msg.reqId !== this.latestLoad) return;
        if (msg.runId !== undefined && msg.runId !== this.latestRun) return;
        return this.events.error(msg.info, msg.reqId !== undefined ? "load" : "run");
    }
  }
}
