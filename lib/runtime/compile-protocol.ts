// Messages between the model worker and its short-lived compile worker (lib/runtime/compile-worker.ts).
import type { LabErrorInfo } from "./errors";
import type { ModelEntry } from "./manifest";
import type { CachedModel } from "./model-cache";
import type { ModelSummary, WeightsSource } from "./protocol";

export interface CompileRequest {
  entry: ModelEntry;
  resolution: number;
  weights: WeightsSource;
  /** When the model worker asked (epoch ms), so the compile worker can say how long the request waited for it. */
  postedAt?: number;
}

/** What the model worker needs to start a session: the graph (its buffers transferred), where it came from, timings. */
export interface Compiled {
  model: CachedModel;
  key: string;
  /** Found in the Cache API under the weights' own sha256 (a file or URL compiled before): nothing to store. */
  cached: boolean;
  size: ModelSummary["size"];
  weightsName: string;
  weightsSha?: string;
  timings: Record<string, number>;
}

export type FromCompiler =
  | { type: "progress"; phase: string; loaded: number; total: number }
  | { type: "done"; compiled: Compiled }
  | { type: "error"; info: LabErrorInfo };
