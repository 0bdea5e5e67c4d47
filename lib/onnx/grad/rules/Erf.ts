// y = erf(x): dx = dy * 2/sqrt(pi) * exp(-x^2). GELU written with Erf differentiates through this.
import type { VjpRule } from "../types";

export const ErfGrad: VjpRule = {
  op: "Erf",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const x = node.inputs[0];
    const e = g.op("Exp", [g.op("Neg", [g.op("Mul", [x, x])])]);
    return [g.op("Mul", [dy, g.op("Mul", [e, g.scalar(2 / Math.sqrt(Math.PI))])])];
  },
};
