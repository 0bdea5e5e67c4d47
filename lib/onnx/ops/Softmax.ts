import { type OpDef, intAttr, normAxis } from "./types";

export const Softmax: OpDef = {
  op: "Softmax",
  infer(node, [x], attrs) {
    normAxis(intAttr(attrs, "axis", -1), x.length, node);
    return [[...x]];
  },
};
