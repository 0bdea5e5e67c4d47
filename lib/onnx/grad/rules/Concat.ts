// y = concat(x_i, axis): each x_i gets its own slab of dy (one Split for all of them).
import { attr } from "../../ir";
import { intAttr, normAxis } from "../helpers";
import type { VjpRule } from "../types";

export const ConcatGrad: VjpRule = {
  op: "Concat",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const rank = g.shape(node.outputs[0]).length;
    const axis = normAxis(intAttr(node, "axis", 0), rank);
    const sizes = node.inputs.map((x) => g.shape(x)[axis]);
    const parts = g.emit("Split", [dy, g.ints(sizes)], { axis: attr.int(axis) }, sizes.length);
    return parts.map((p, i) => (needs[i] ? p : undefined));
  },
};
