// Builders often expose a tap as a view of the activation made only for the output (Swin's
// tokens reshape, an NCHW copy of E-MHSA tokens): logits do not depend on that view, so its
// literal gradient is zero. A Grad-CAM tap means the activation itself, so we differentiate
// w.r.t. the value the view was taken of and apply the same view to its gradient.
import type { Graph, Node } from "../ir";
import { attr } from "../ir";
import { intsAttr } from "./helpers";
import type { GradEmitter } from "./types";

const VIEW_OPS = new Set(["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose"]);

/** Values that `target` depends on (including itself). */
export function ancestors(graph: Graph, producers: Map<string, number>, target: string): Set<string> {
  const seen = new Set<string>([target]);
  const stack = [target];
  while (stack.length) {
    const i = producers.get(stack.pop()!);
    if (i === undefined) continue;
    for (const x of graph.nodes[i].inputs) if (x && !seen.has(x)) (seen.add(x), stack.push(x));
  }
  return seen;
}

/** Walks back from `value` through view ops while logits do not depend on it. */
export function viewSource(graph: Graph, producers: Map<string, number>, live: Set<string>, value: string): { source: string; views: Node[] } {
  const views: Node[] = [];
  let v = value;
  while (!live.has(v)) {
    const i = producers.get(v);
    if (i === undefined || !VIEW_OPS.has(graph.nodes[i].op)) break;
    views.unshift(graph.nodes[i]);
    v = graph.nodes[i].inputs[0];
  }
  return live.has(v) ? { source: v, views } : { source: value, views: [] };
}

/** The views, in forward order, applied to a gradient of their source. */
export function replayViews(g: GradEmitter, grad: string, views: Node[]): string {
  let d = grad;
  for (const n of views) {
    if (n.op === "Identity") continue;
    if (n.op === "Transpose") {
      const rank = g.shape(n.inputs[0]).length;
      d = g.op("Transpose", [d], { perm: attr.ints(intsAttr(n, "perm", [...Array(rank).keys()].reverse())) });
    } else d = g.op("Reshape", [d, g.ints(g.shape(n.outputs[0]))]);
  }
  return d;
}
