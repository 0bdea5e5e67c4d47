import { type OpDef, intAttr, normAxis } from "./types";

export const Flatten: OpDef = {
  op: "Flatten",
  infer(node, [x], attrs) {
    const a = intAttr(attrs, "axis", 1);
    const axis = a === x.length ? a : normAxis(a, x.length, node);
    const prod = (s: number[]) => s.reduce((p, d) => p * d, 1);
    return [[prod(x.slice(0, axis)), prod(x.slice(axis))]];
  },
};
