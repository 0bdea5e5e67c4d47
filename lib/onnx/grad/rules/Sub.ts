// y = a - b (broadcasting): da = dy, db = -dy, each summed over its broadcast axes.
import { unbroadcast } from "../helpers";
import type { VjpRule } from "../types";

export const SubGrad: VjpRule = {
  op: "Sub",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const out = g.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    return [
      needs[0] ? unbroadcast(g, dy, out, g.shape(a)) : undefined,
      needs[1] ? unbroadcast(g, g.op("Neg", [dy]), out, g.shape(b)) : undefined,
    ];
  },
};
