// y_i = split(x, axis): dx = concat(dy_i), with zeros for outputs nothing depends on.
import { concatTree, intAttr, normAxis, zeros } from "../helpers";
import type { VjpRule } from "../types";

export const SplitGrad: VjpRule = {
  op: "Split",
  vjp({ node, dy, g }) {
    if (!dy.some(Boolean)) return [];
    const rank = g.shape(node.inputs[0]).length;
    const axis = normAxis(intAttr(node, "axis", 0), rank);
    const parts = node.outputs.map((y, i) => dy[i] ?? zeros(g, g.shape(y)));
    return [concatTree(g, parts, axis)];
  },
};
