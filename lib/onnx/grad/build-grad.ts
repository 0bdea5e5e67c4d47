// Reverse-mode differentiation of a forward graph, emitted as more graph: from the one-hot seed
// on logits[0, class], walk the nodes in reverse order, call each op's vector-Jacobian rule and
// sum gradients where a value fans out. Only nodes downstream of a requested tap and upstream of
// logits are differentiated; everything not needed for the outputs is pruned afterwards.
import type { Graph, Node, TapInfo, ValueInfo } from "../ir";
import { float32 } from "../ir";
import { inferShapes } from "../shapes";
import { Emitter } from "./emitter";
import { zeros } from "./helpers";
import { VJP_RULES } from "./rules";
import { ancestors, replayViews, viewSource } from "./tap-views";
import { GradError } from "./types";

export const SEED_INPUT = "grad_seed";

export interface GradOptions {
  /** Tap paths (graph.taps[].path) or plain value names to differentiate with respect to. */
  taps: string[];
  /** Target class: the gradient is of logits[0, classIndex]. Ignored with `seedInput`. */
  classIndex: number;
  /**
   * Take the seed from a graph input `grad_seed` [1, K] instead of a one-hot constant, so one
   * session serves every target class (feed a one-hot row; any row gives sum_k seed_k·logit_k).
   */
  seedInput?: boolean;
  /** Precomputed static shapes (default: inferShapes(graph)). */
  shapes?: Map<string, number[]>;
  /** Name of the scalar's source output (default "logits"). */
  logits?: string;
}

function resolveTap(graph: Graph, producers: Map<string, number>, tap: string): TapInfo {
  const info = graph.taps.find((t) => t.path === tap);
  if (info) return info;
  if (producers.has(tap) || graph.inputs.some((i) => i.name === tap))
    return { path: tap, value: tap, stage: -1, index: -1, kind: "value", layout: "NCHW" };
  const known = graph.taps.map((t) => t.path).join(", ") || "none";
  throw new GradError(`unknown tap "${tap}" (taps of this graph: ${known})`, "", "");
}

/** Keeps only the nodes and initializers the outputs need. */
function prune(nodes: Node[], outputs: string[], initializers: Map<string, import("../ir").Tensor>) {
  const live = new Set(outputs);
  const kept: Node[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (!n.outputs.some((o) => live.has(o))) continue;
    kept.push(n);
    for (const x of n.inputs) if (x) live.add(x);
  }
  kept.reverse();
  const inits = new Map([...initializers].filter(([k]) => live.has(k)));
  return { nodes: kept, initializers: inits };
}

export function buildGradGraph(graph: Graph, opts: GradOptions): Graph {
  const logits = opts.logits ?? "logits";
  const shapes = opts.shapes ?? inferShapes(graph);
  const producers = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => o && producers.set(o, i)));
  if (!producers.has(logits)) throw new GradError(`the graph has no "${logits}" value to differentiate`, "", "");
  const k = shapes.get(logits)!;
  if (k.length !== 2 || k[0] !== 1) throw new GradError(`logits must have shape [1, K], got [${k}]`, "", "");
  if (!opts.seedInput && !(opts.classIndex >= 0 && opts.classIndex < k[1] && Number.isInteger(opts.classIndex)))
    throw new GradError(`class ${opts.classIndex} is out of range: logits have shape [${k}] (use 0..${k[1] - 1})`, "", "");
  if (!opts.taps.length) throw new GradError("no taps requested: name at least one tap to differentiate", "", "");
  const taps = opts.taps.map((t) => resolveTap(graph, producers, t));
  const live = ancestors(graph, producers, logits);
  const sources = taps.map((t) => viewSource(graph, producers, live, t.value));

  // Values that depend on a tap: only these need (and get) gradients.
  const active = new Set(sources.map((s) => s.source));
  for (const n of graph.nodes) if (n.inputs.some((x) => active.has(x))) n.outputs.forEach((o) => o && active.add(o));

  const g = new Emitter(graph, shapes);
  const parts = new Map<string, string[]>();
  const total = new Map<string, string>();
  const addPart = (v: string, d: string) => parts.set(v, [...(parts.get(v) ?? []), d]);
  const gradOf = (v: string): string | undefined => {
    if (total.has(v)) return total.get(v);
    const ps = parts.get(v);
    if (!ps) return undefined;
    let sum = ps[0];
    for (const p of ps.slice(1)) sum = g.op("Add", [sum, p]);
    total.set(v, sum);
    return sum;
  };

  if (opts.seedInput) addPart(logits, SEED_INPUT);
  else {
    const seed = new Float32Array(k[1]);
    seed[opts.classIndex] = 1;
    addPart(logits, g.tensor("seed", float32([1, k[1]], seed)));
  }

  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i];
    if (!node.outputs.some((o) => active.has(o))) continue;
    const dy = node.outputs.map((o) => (o ? gradOf(o) : undefined));
    if (!dy.some(Boolean)) continue;
    const rule = VJP_RULES.get(node.op);
    if (!rule)
      throw new GradError(
        `no gradient rule for op ${node.op} (node "${node.name}"); add lib/onnx/grad/rules/${node.op}.ts or tap after it`,
        node.op,
        node.name,
      );
    g.scope = `${node.name}/`;
    const dx = rule.vjp({ node, dy, needs: node.inputs.map((x) => x !== "" && active.has(x)), g });
    node.inputs.forEach((x, j) => {
      if (dx[j] && active.has(x)) addPart(x, dx[j]!);
    });
  }
  g.scope = "";

  const outputs: ValueInfo[] = [{ name: logits, dtype: "float32", dims: k }];
  const extra: Node[] = [];
  const expose = (value: string, name: string, dims: number[]) => {
    if (outputs.some((o) => o.name === name)) return;
    if (value !== name && !producers.has(name)) extra.push({ op: "Identity", name, inputs: [value], outputs: [name], attrs: {} });
    outputs.push({ name, dtype: "float32", dims });
  };
  taps.forEach((t, i) => {
    const dims = shapes.get(t.value)!;
    const { source, views } = sources[i];
    const d = gradOf(source);
    expose(t.value, t.path, dims);
    expose(d ? replayViews(g, d, views) : zeros(g, dims), `grad.${t.path}`, dims);
  });
  const initializers = new Map([...graph.initializers, ...g.constants]);
  const pruned = prune([...graph.nodes, ...g.nodes, ...extra], outputs.map((o) => o.name), initializers);
  const used = new Set(taps.map((t) => t.path));
  return {
    name: `${graph.name}.grad`,
    opset: graph.opset,
    inputs: opts.seedInput ? [...graph.inputs, { name: SEED_INPUT, dtype: "float32", dims: k }] : graph.inputs,
    outputs,
    initializers: pruned.initializers,
    nodes: pruned.nodes,
    taps: graph.taps.filter((t) => used.has(t.path)).map((t) => ({ ...t, dims: shapes.get(t.value) })),
  };
}
