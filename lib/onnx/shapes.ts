// Static shape inference over a Graph whose input dims are concrete.
import type { Graph, Tensor } from "./ir";
import { getOp } from "./ops/registry";

export type ShapeMap = Map<string, number[]>;

/** dims of every value (inputs, initializers, node outputs); fills graph.taps[i].dims. */
export function inferShapes(graph: Graph): ShapeMap {
  const shapes: ShapeMap = new Map();
  for (const v of graph.inputs) {
    if (v.dims.some((d) => typeof d !== "number")) throw new Error(`inferShapes: input ${v.name} has symbolic dims [${v.dims}]`);
    shapes.set(v.name, v.dims as number[]);
  }
  for (const [name, t] of graph.initializers) shapes.set(name, t.dims);
  for (const node of graph.nodes) {
    const def = getOp(node.op);
    const inShapes: number[][] = [];
    const consts: (Tensor | undefined)[] = [];
    for (const name of node.inputs) {
      const s = name === "" ? [] : shapes.get(name);
      if (!s) throw new Error(`inferShapes: ${node.op} ${node.name} reads "${name}", which nothing produced before it`);
      inShapes.push(s);
      consts.push(graph.initializers.get(name));
    }
    const outs = def.infer(node, inShapes, node.attrs, consts);
    node.outputs.forEach((o, i) => {
      if (o !== "") shapes.set(o, outs[i]);
    });
  }
  for (const tap of graph.taps) tap.dims = shapes.get(tap.value);
  return shapes;
}
