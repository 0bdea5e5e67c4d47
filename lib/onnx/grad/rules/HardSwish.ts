// y = x * h(t), t = x/6 + 1/2, h = clip(t, 0, 1): dx = dy * (h(t) + x/6 * [0 < t < 1]).
// At the kinks (x = -3, x = 3) PyTorch takes the inner branch at 3 and the outer at -3; so do we.
import type { VjpRule } from "../types";

export const HardSwishGrad: VjpRule = {
  op: "HardSwish",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const x = node.inputs[0];
    const inner = g.op("Add", [g.op("Mul", [x, g.scalar(1 / 3)]), g.scalar(0.5)]);
    const upper = g.op("Where", [g.op("LessOrEqual", [x, g.scalar(3)]), inner, g.scalar(1)]);
    const d = g.op("Where", [g.op("Less", [x, g.scalar(-3)]), g.scalar(0), upper]);
    return [g.op("Mul", [dy, d])];
  },
};
