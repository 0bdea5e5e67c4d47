import { type OpDef, intAttr, intsAttr, windowOut } from "./types";

// ResNet's stem pooling (3x3, stride 2, pad 1). Only the values output is modelled: the
// Indices output is never requested by our builders.
export const MaxPool: OpDef = {
  op: "MaxPool",
  infer(node, [x], attrs) {
    const k = intsAttr(attrs, "kernel_shape", []);
    const n = k.length;
    if (x.length !== n + 2) throw new Error(`MaxPool ${node.name}: input rank ${x.length} vs kernel rank ${n}`);
    const strides = intsAttr(attrs, "strides", Array(n).fill(1));
    const pads = intsAttr(attrs, "pads", Array(2 * n).fill(0));
    const dil = intsAttr(attrs, "dilations", Array(n).fill(1));
    const ceil = intAttr(attrs, "ceil_mode", 0) === 1;
    const out = [x[0], x[1], ...k.map((kk, i) => windowOut(x[i + 2], kk, strides[i], pads[i], pads[i + n], dil[i], ceil))];
    if (out.some((d) => d < 1)) throw new Error(`MaxPool ${node.name}: input [${x}] smaller than kernel [${k}]`);
    return [out];
  },
};
