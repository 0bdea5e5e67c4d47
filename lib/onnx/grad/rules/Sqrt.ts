// y = sqrt(x): dx = dy / (2 y).
import type { VjpRule } from "../types";

export const SqrtGrad: VjpRule = {
  op: "Sqrt",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    return [g.op("Div", [g.op("Mul", [dy, g.scalar(0.5)]), node.outputs[0]])];
  },
};
