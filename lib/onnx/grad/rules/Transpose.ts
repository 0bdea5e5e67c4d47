// y = transpose(x, perm): dx = transpose(dy, perm^-1).
import { attr } from "../../ir";
import { intsAttr } from "../helpers";
import type { VjpRule } from "../types";

export const TransposeGrad: VjpRule = {
  op: "Transpose",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const rank = g.shape(node.inputs[0]).length;
    const perm = intsAttr(node, "perm", [...Array(rank).keys()].reverse());
    const inv = new Array<number>(rank);
    perm.forEach((p, i) => (inv[p] = i));
    return [g.op("Transpose", [dy], { perm: attr.ints(inv) })];
  },
};
