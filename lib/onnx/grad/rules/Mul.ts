// y = a * b (broadcasting): da = dy * b, db = dy * a, each summed over its broadcast axes.
import { unbroadcast } from "../helpers";
import type { VjpRule } from "../types";

export const MulGrad: VjpRule = {
  op: "Mul",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const out = g.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    return [
      needs[0] ? unbroadcast(g, g.op("Mul", [dy, b]), out, g.shape(a)) : undefined,
      needs[1] ? unbroadcast(g, g.op("Mul", [dy, a]), out, g.shape(b)) : undefined,
    ];
  },
};
