// y = softmax(x) along one axis (opset >= 13): dx = y * (dy - sum(dy * y, axis)).
import { intAttr, reduceSum } from "../helpers";
import type { VjpRule } from "../types";

export const SoftmaxGrad: VjpRule = {
  op: "Softmax",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const y = node.outputs[0];
    const axis = intAttr(node, "axis", -1);
    const s = reduceSum(g, g.op("Mul", [dy, y]), [axis], true);
    return [g.op("Mul", [y, g.op("Sub", [dy, s])])];
  },
};
