// y = a + b (broadcasting): each operand gets dy summed over the axes it was broadcast on.
import { unbroadcast } from "../helpers";
import type { VjpRule } from "../types";

export const AddGrad: VjpRule = {
  op: "Add",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const out = g.shape(node.outputs[0]);
    return node.inputs.map((x, i) => (needs[i] ? unbroadcast(g, dy, out, g.shape(x)) : undefined));
  },
};
