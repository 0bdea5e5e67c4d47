// Latency as the paper measures it: warm-up runs are discarded, then the median of N timed runs. The clock
// and the run are injected so the statistics are testable without a model.

export interface LatencyStats {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Half the spread between the 25th and 75th percentile: a robust error bar. */
  iqrHalfMs: number;
  runs: number;
  samplesMs: number[];
}

/** Linear-interpolated quantile of sorted values (the "type 7" definition numpy and R use by default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  if (samplesMs.length === 0) throw new Error("latencyStats needs at least one timed run");
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    medianMs: quantile(s, 0.5),
    minMs: s[0],
    maxMs: s[s.length - 1],
    iqrHalfMs: (quantile(s, 0.75) - quantile(s, 0.25)) / 2,
    runs: s.length,
    samplesMs: [...samplesMs],
  };
}

export interface MeasureOptions {
  warmup: number;
  runs: number;
  /** Called after every run, warm-up included: done of total. */
  onProgress?: (done: number, total: number, phase: "warmup" | "timed") => void;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Times `run` after `warmup` untimed calls. `run` may report its own duration (e.g. the worker's inference
 * time, excluding message passing); otherwise the wall clock around the call is used.
 */
export async function measureLatency(run: () => Promise<number | void>, opts: MeasureOptions): Promise<LatencyStats> {
  const now = opts.now ?? (() => performance.now());
  const total = opts.warmup + opts.runs;
  const samples: number[] = [];
  for (let i = 0; i < total; i++) {
    if (opts.signal?.aborted) throw new DOMException("latency measurement cancelled", "AbortError");
    const t0 = now();
    const reported = await run();
    const dt = typeof reported === "number" ? reported : now() - t0;
    if (i >= opts.warmup) samples.push(dt);
    opts.onProgress?.(i + 1, total, i < opts.warmup ? "warmup" : "timed");
  }
  return latencyStats(samples);
}
