// y = a / b (broadcasting): da = dy / b, db = -dy * y / b.
import { unbroadcast } from "../helpers";
import type { VjpRule } from "../types";

export const DivGrad: VjpRule = {
  op: "Div",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const out = g.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    const da = needs[0] ? g.op("Div", [dy, b]) : undefined;
    let db: string | undefined;
    if (needs[1]) {
      const q = da ?? g.op("Div", [dy, b]);
      db = unbroadcast(g, g.op("Neg", [g.op("Mul", [q, node.outputs[0]])]), out, g.shape(b));
    }
    return [da && unbroadcast(g, da, out, g.shape(a)), db];
  },
};
