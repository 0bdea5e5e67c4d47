// The bench's reading of onnxruntime's profiler trace (bench section "profile", issue 18): events as the WASM build
// prints them (a JSON array, one event per line, nested args), the first run left out, kernel time summed per op
// type and per node per run.
import { describe, expect, it } from "vitest";
import { summariseTrace, traceEvents } from "../../bench/profile-trace";

const ev = (cat: string, name: string, ts: number, dur: number, op?: string) =>
  JSON.stringify({ cat, pid: 1, tid: 1, dur, ts, ph: "X", name, args: op ? { op_name: op, thread_scheduling_stats: { main_thread: { block_size: [1] } }, input_type_shape: [{ float: [1, 3, 8, 8] }] } : {} });

function trace(): string {
  const lines = [ev("Session", "session_initialization", 0, 50)];
  for (let r = 0; r < 3; r++) {
    const t = 1000 * (r + 1);
    lines.push(ev("Node", "stem.0.conv_kernel_time", t + 1, r === 0 ? 500 : 100, "FusedConv"));
    lines.push(ev("Node", "features.0.mlp.conv1_kernel_time", t + 200, 300, "FusedConv"));
    lines.push(ev("Node", "features.1.e_mhsa.q_kernel_time", t + 600, 50, "Gemm"));
    lines.push(ev("Node", "features.1.e_mhsa.q_fence_before", t + 599, 1, "Gemm"));
    lines.push(ev("Session", "model_run", t, 700));
  }
  return `console noise {not json}\n[\n${lines.join(",\n")}\n]\n`;
}

describe("onnxruntime profiler trace", () => {
  it("parses every event, nested args included", () => {
    expect(traceEvents(trace())).toHaveLength(1 + 3 * 5);
  });

  it("sums kernel time per op and node over the runs after the first", () => {
    const p = summariseTrace(traceEvents(trace()));
    expect(p.runs).toBe(2);
    expect(p.runMs).toBeCloseTo(0.7, 9);
    expect(p.kernelMs).toBeCloseTo(0.45, 9); // 100 + 300 + 50 µs; the fences are not kernels
    expect(p.ops.map((o) => [o.op, +o.ms.toFixed(3), +o.share.toFixed(4), o.nodes])).toEqual([["FusedConv", 0.4, 0.8889, 2], ["Gemm", 0.05, 0.1111, 1]]);
    expect(p.top[0]).toEqual({ node: "features.0.mlp.conv1", op: "FusedConv", ms: 0.3 });
  });

  it("a trace without runs is an error that says why", () => {
    expect(() => summariseTrace(traceEvents(ev("Session", "session_initialization", 0, 5)))).toThrow(/no model_run event/);
  });
});
