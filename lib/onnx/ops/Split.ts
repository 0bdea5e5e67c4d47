import { type OpDef, constInts, intAttr, normAxis } from "./types";

// Opset 13+: sizes as optional input 1; without it, equal parts, one per output.
export const Split: OpDef = {
  op: "Split",
  infer(node, [x], attrs, consts) {
    const axis = normAxis(intAttr(attrs, "axis", 0), x.length, node);
    const parts = node.inputs[1] ? constInts(consts[1], node, "split") : Array(node.outputs.length).fill(x[axis] / node.outputs.length);
    if (parts.reduce((a, b) => a + b, 0) !== x[axis] || parts.some((p) => !Number.isInteger(p)))
      throw new Error(`Split ${node.name}: parts [${parts}] do not add up to ${x[axis]}`);
    return parts.map((p) => x.map((d, i) => (i === axis ? p : d)));
  },
};
