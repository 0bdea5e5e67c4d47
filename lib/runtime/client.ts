// The page's handle on the model worker: request ids, latest-run-wins, and typed events.
import type { LabErrorInfo } from "./errors";
import type { ModelEntry } from "./manifest";
import type { BackendInfo, BackendPref, FromWorker, ModelSummary, RunResult, ToWorker, WeightsSource } from "./protocol";

export interface RuntimeEvents {
  backend(info: BackendInfo): void;
  progress(phase: string, loaded: number, total: number): void;
  model(summary: ModelSummary): void;
  result(result: RunResult): void;
  notice(info: LabErrorInfo): void;
  error(info: LabErrorInfo, context: "load" | "run"): void;
}

export class LabRuntime {
  private worker: Worker;
  private nextReq = 1;
  private nextRun = 1;
  private latestLoad = 0;
  private latestRun = 0;

  constructor(private events: RuntimeEvents, pref: BackendPref = "auto") {
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "nextvit-lab" });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.events.error(
        { code: "LAB207", severity: "error", message: `The model worker crashed: ${ev.message || "unknown error"}`, remedy: "Reload the page." },
        "run",
      );
    };
    this.send({ type: "init", pref });
  }

  load(model: ModelEntry, resolution: number, weights: WeightsSource = { kind: "manifest" }): number {
    const reqId = this.nextReq++;
    this.latestLoad = reqId;
    this.send({ type: "load", reqId, model, resolution, weights });
    return reqId;
  }

  /** Runs an image; any earlier run still in flight is superseded and its result dropped. */
  run(image: Blob): number {
    const runId = this.nextRun++;
    this.latestRun = runId;
    this.send({ type: "run", runId, image });
    return runId;
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
  }

  private send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.type) {
      case "backend":
        return this.events.backend(msg.info);
      case "progress":
        if (msg.reqId === this.latestLoad) this.events.progress(msg.phase, msg.loaded, msg.total);
        return;
      case "model":
        if (msg.reqId === this.latestLoad) this.events.model(msg.summary);
        return;
      case "result":
        if (msg.result.runId === this.latestRun) this.events.result(msg.result);
        return;
      case "notice":
        return this.events.notice(msg.info);
      case "error":
        if (msg.reqId !== undefined && msg.reqId !== this.latestLoad) return;
        if (msg.runId !== undefined && msg.runId !== this.latestRun) return;
        return this.events.error(msg.info, msg.reqId !== undefined ? "load" : "run");
    }
  }
}
