import { describe, expect, it } from "vitest";
import { latencyStats, measureLatency, quantile } from "@/lib/studio/latency";

describe("latency statistics", () => {
  it("median and quartiles match numpy's default (linear) quantiles", () => {
    // numpy: np.quantile([1,2,3,4], [.25,.5,.75]) = [1.75, 2.5, 3.25]
    expect([0.25, 0.5, 0.75].map((q) => quantile([1, 2, 3, 4], q))).toEqual([1.75, 2.5, 3.25]);
    const s = latencyStats([9, 1, 5, 100, 3]);
    expect(s.medianMs).toBe(5);
    expect([s.minMs, s.maxMs, s.runs]).toEqual([1, 100, 5]);
    expect(s.iqrHalfMs).toBe((9 - 3) / 2);
    expect(() => latencyStats([])).toThrow(/at least one/);
  });

  it("discards warm-up runs and reports progress", async () => {
    let t = 0;
    const durations = [500, 400, 10, 30, 20]; // two slow warm-ups
    let i = 0;
    const progress: string[] = [];
    const stats = await measureLatency(async () => void (t += durations[i++]), {
      warmup: 2, runs: 3, now: () => t, onProgress: (d, n, p) => progress.push(`${d}/${n}:${p}`),
    });
    expect(stats.samplesMs).toEqual([10, 30, 20]);
    expect(stats.medianMs).toBe(20);
    expect(progress).toEqual(["1/5:warmup", "2/5:warmup", "3/5:timed", "4/5:timed", "5/5:timed"]);
  });

  it("prefers a duration reported by the run, and can be cancelled", async () => {
    const reported = await measureLatency(async () => 7, { warmup: 1, runs: 2, now: () => 0 });
    expect(reported.samplesMs).toEqual([7, 7]);
    const ac = new AbortController();
    let calls = 0;
    const p = measureLatency(async () => void (++calls === 2 && ac.abort()), { warmup: 0, runs: 5, signal: ac.signal });
    await expect(p).rejects.toThrow(/cancelled/);
    expect(calls).toBe(2);
  });
});
