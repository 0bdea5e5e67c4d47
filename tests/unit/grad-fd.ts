// Finite-difference harness for the VJP rules: a small forward graph x -> op(s) -> a fixed random
// linear head -> logits[1, 3]; the gradient of logits[0, 1] w.r.t. x from buildGradGraph is
// compared, along several directions v, with Richardson-extrapolated central differences of the
// same forward graph run in onnxruntime-node (float32).
import { GraphBuilder } from "../../lib/onnx/builder";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { float32, numel, type Graph } from "../../lib/onnx/ir";
import { inferShapes } from "../../lib/onnx/shapes";
import { createSession, runSession } from "../helpers/ort-node";

export function rand(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

/** Random values whose distance to every kink is at least `margin`. */
export function awayFrom(seed: number, n: number, kinks: number[], margin: number, lo = -2, hi = 2): Float32Array {
  const x = rand(seed, n, lo, hi);
  for (let i = 0; i < n; i++)
    for (const k of kinks) if (Math.abs(x[i] - k) < margin) x[i] = x[i] < k ? k - margin - 0.05 : k + margin + 0.05;
  return x;
}

/** Distinct values (a shuffled grid with spacing `gap`) so max-pool winners never tie or swap. */
export function distinct(seed: number, n: number, gap = 0.05): Float32Array {
  const r = rand(seed, n);
  const order = [...Array(n).keys()].sort((a, b) => r[a] - r[b]);
  const x = new Float32Array(n);
  order.forEach((idx, rank) => (x[idx] = (rank - n / 2) * gap));
  return x;
}

export type Body = (b: GraphBuilder, x: string) => string;

/** Forward graph with input `x` and a random linear head producing `logits` [1, 3]. */
export function headGraph(body: Body, xDims: number[], seed = 7): Graph {
  const b = new GraphBuilder("fd");
  const x = b.input("x", "float32", xDims);
  const y = body(b, x);
  const ys = inferShapesLenient(b.build()).get(y)!;
  const n = numel(ys);
  const flat = b.op("Reshape", [y, b.ints("flat_shape", [1, n])]);
  const w = b.initializer("head.w", float32([n, 3], rand(seed, n * 3)));
  b.output(b.op("MatMul", [flat, w]), "logits", "float32", [1, 3]);
  return b.build();
}

// Ops without a compiler shape rule (Sub, Div, Sqrt, ...) get their shapes from a run of the
// graph itself with every value exposed; this is test-only.
let ortShapes: Map<string, number[]> | undefined;
function inferShapesLenient(g: Graph): Map<string, number[]> {
  try {
    return inferShapes(g);
  } catch (e) {
    if (ortShapes) return ortShapes;
    throw e;
  }
}

async function valueShapes(g: Graph, feeds: Record<string, { dims: number[]; data: Float32Array }>): Promise<Map<string, number[]>> {
  const all: Graph = { ...g, outputs: g.nodes.flatMap((n) => n.outputs).map((name) => ({ name, dtype: "float32" as const, dims: [] })) };
  const bool = new Set(g.nodes.filter((n) => ["Greater", "Less", "Equal", "ArgMax"].includes(n.op)).flatMap((n) => n.outputs));
  all.outputs = all.outputs.filter((o) => !bool.has(o.name));
  const s = await createSession(encodeModel(all));
  const res = await runSession(s, feeds);
  await s.release();
  const shapes = new Map<string, number[]>();
  for (const v of g.inputs) shapes.set(v.name, v.dims as number[]);
  for (const [k, t] of g.initializers) shapes.set(k, t.dims);
  for (const [k, t] of Object.entries(res)) shapes.set(k, t.dims);
  return shapes;
}

export interface FdResult {
  worst: number; // worst relative error over the directions
  pairs: [number, number][]; // (ours, finite difference) per direction
}

export async function fdCheck(body: Body, x: Float32Array, xDims: number[], opts: { eps?: number; dirs?: number; ortShapes?: boolean } = {}): Promise<FdResult> {
  const eps = opts.eps ?? 1e-2;
  const feeds = { x: { dims: xDims, data: x } };
  ortShapes = undefined;
  if (opts.ortShapes) {
    const probe = new GraphBuilder("probe");
    const xi = probe.input("x", "float32", xDims);
    probe.output(body(probe, xi), "y");
    ortShapes = await valueShapes(probe.build(), feeds);
  }
  const fwd = headGraph(body, xDims);
  const shapes = opts.ortShapes ? await valueShapes(fwd, feeds) : undefined;
  return fdCheckGraph(fwd, "x", x, xDims, { eps, dirs: opts.dirs, shapes });
}

/** fdCheck on a whole graph: gradient of logits[0, classIndex] w.r.t. graph input `xName`. */
export async function fdCheckGraph(
  fwd: Graph, xName: string, x: Float32Array, xDims: number[],
  opts: { eps: number; dirs?: number; shapes?: Map<string, number[]>; classIndex?: number },
): Promise<FdResult> {
  const { eps } = opts;
  const cls = opts.classIndex ?? 1;
  const feeds = { [xName]: { dims: xDims, data: x } };
  const grad = buildGradGraph(fwd, { taps: [xName], classIndex: cls, shapes: opts.shapes });
  const gs = await createSession(encodeModel(grad));
  const gx = (await runSession(gs, feeds))[`grad.${xName}`].data;
  await gs.release();
  const fs = await createSession(encodeModel(fwd));
  const f = async (xv: Float32Array) => (await runSession(fs, { [xName]: { dims: xDims, data: xv } })).logits.data[cls];
  const central = async (v: Float32Array, e: number) => {
    const plus = Float32Array.from(x, (xi, i) => xi + e * v[i]);
    const minus = Float32Array.from(x, (xi, i) => xi - e * v[i]);
    return ((await f(plus)) - (await f(minus))) / (2 * e);
  };
  const dirs = [...Array(opts.dirs ?? 2).keys()].map((d) => rand(100 + d, x.length));
  const gnorm = Math.sqrt(gx.reduce((a, b) => a + b * b, 0));
  dirs.push(Float32Array.from(gx, (v) => v / (gnorm || 1)));
  const pairs: [number, number][] = [];
  let worst = 0;
  for (const v of dirs) {
    const ours = gx.reduce((a, gi, i) => a + gi * v[i], 0);
    const fd = (4 * (await central(v, eps / 2)) - (await central(v, eps))) / 3;
    pairs.push([ours, fd]);
    worst = Math.max(worst, Math.abs(ours - fd) / Math.max(Math.abs(ours), Math.abs(fd), 1e-12));
  }
  await fs.release();
  return { worst, pairs };
}
