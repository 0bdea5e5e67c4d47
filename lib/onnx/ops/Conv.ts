import { type OpDef, intAttr, intsAttr, windowOut } from "./types";

export const Conv: OpDef = {
  op: "Conv",
  infer(node, [x, w], attrs) {
    const k = w.slice(2);
    const n = k.length;
    const strides = intsAttr(attrs, "strides", Array(n).fill(1));
    const pads = intsAttr(attrs, "pads", Array(2 * n).fill(0));
    const dil = intsAttr(attrs, "dilations", Array(n).fill(1));
    const group = intAttr(attrs, "group", 1);
    if (x.length !== n + 2) throw new Error(`Conv ${node.name}: input rank ${x.length} vs kernel rank ${n}`);
    if (x[1] !== w[1] * group) throw new Error(`Conv ${node.name}: ${x[1]} input channels vs weight [${w}] with group ${group}`);
    return [[x[0], w[0], ...k.map((kk, i) => windowOut(x[i + 2], kk, strides[i], pads[i], pads[i + n], dil[i], false))]];
  },
};
