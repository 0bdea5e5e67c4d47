// Reading onnxruntime's profiler trace (Chrome trace events: {"cat": "Session"|"Node", "name", "ts", "dur" in µs,
// "args": {"op_name", ...}}), as the WASM build prints it to the console on endProfiling. Pure, so it is tested on
// a synthetic trace. The first run (kernel selection, first-touch allocations) is left out when a later one exists.

export interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; [k: string]: unknown };
}

export interface OpRow {
  op: string;
  /** Kernel time per run, ms. */
  ms: number;
  /** Share of all kernel time. */
  share: number;
  /** Nodes of this type per run. */
  nodes: number;
}

export interface ProfileSummary {
  runs: number;
  /** Summed kernel time per run, ms, and the runs' own duration per run (model_run events), ms. */
  kernelMs: number;
  runMs: number;
  ops: OpRow[];
  top: { node: string; op: string; ms: number }[];
}

/** Every trace event in a blob of console text: onnxruntime prints a JSON array with one event per line. */
export function traceEvents(text: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim().replace(/^\[/, "").replace(/[,\]]+$/, "");
    if (!line.startsWith("{")) continue;
    try {
      const e = JSON.parse(line) as TraceEvent;
      if (typeof e.cat === "string" && typeof e.dur === "number" && typeof e.ts === "number") out.push(e);
    } catch {
      // console noise that merely starts like an object
    }
  }
  return out;
}

export function summariseTrace(events: readonly TraceEvent[], topN = 10): ProfileSummary {
  const runs = events.filter((e) => e.cat === "Session" && e.name === "model_run").sort((a, b) => a.ts - b.ts);
  if (runs.length === 0) throw new Error("the profile holds no model_run event: was the session created with enableProfiling and run?");
  const counted = runs.length > 1 ? runs.slice(1) : runs;
  const inside = (e: TraceEvent) => counted.some((r) => e.ts >= r.ts && e.ts + e.dur <= r.ts + r.dur);
  const kernels = events.filter((e) => e.cat === "Node" && e.name.endsWith("_kernel_time") && inside(e));
  const n = counted.length;
  const byOp = new Map<string, { us: number; count: number }>();
  const byNode = new Map<string, { op: string; us: number }>();
  for (const k of kernels) {
    const op = k.args?.op_name ?? "?";
    const o = byOp.get(op) ?? { us: 0, count: 0 };
    o.us += k.dur, o.count += 1;
    byOp.set(op, o);
    const node = k.name.slice(0, -"_kernel_time".length);
    const b = byNode.get(node) ?? { op, us: 0 };
    b.us += k.dur;
    byNode.set(node, b);
  }
  const total = [...byOp.values()].reduce((s, o) => s + o.us, 0);
  return {
    runs: n,
    kernelMs: total / n / 1000,
    runMs: counted.reduce((s, r) => s + r.dur, 0) / n / 1000,
    ops: [...byOp.entries()].map(([op, o]) => ({ op, ms: o.us / n / 1000, share: total ? o.us / total : 0, nodes: o.count / n }))
      .sort((a, b) => b.ms - a.ms),
    top: [...byNode.entries()].map(([node, b]) => ({ node, op: b.op, ms: b.us / n / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, topN),
  };
}

export function formatProfile(p: ProfileSummary, title: string): string {
  const lines = [
    `${title}: ${p.runs} profiled run(s) after the first; per run: kernels ${p.kernelMs.toFixed(1)} ms of ${p.runMs.toFixed(1)} ms`,
    "| op | ms / run | share | nodes |", "|---|---|---|---|",
    ...p.ops.map((o) => `| ${o.op} | ${o.ms.toFixed(2)} | ${(100 * o.share).toFixed(1)}% | ${o.nodes} |`),
    "", `slowest ${p.top.length} nodes:`,
    ...p.top.map((t) => `  ${t.ms.toFixed(2).padStart(8)} ms  ${t.op.padEnd(22)} ${t.node}`),
  ];
  return lines.join("\n");
}
