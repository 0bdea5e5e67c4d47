import { type OpDef, intsAttr } from "./types";

export const Transpose: OpDef = {
  op: "Transpose",
  infer(node, [x], attrs) {
    const perm = intsAttr(attrs, "perm", x.map((_, i) => x.length - 1 - i));
    if (perm.length !== x.length) throw new Error(`Transpose ${node.name}: perm [${perm}] for rank ${x.length}`);
    return [perm.map((p) => x[p])];
  },
};
