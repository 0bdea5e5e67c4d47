// y = max(x, 0): dx = dy where x > 0, else 0 (the mask comes from the forward input).
import type { VjpRule } from "../types";

export const ReluGrad: VjpRule = {
  op: "Relu",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const zero = g.scalar(0);
    return [g.op("Where", [g.op("Greater", [node.inputs[0], zero]), dy, zero])];
  },
};
