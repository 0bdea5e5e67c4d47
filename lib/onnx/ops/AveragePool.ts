import { type OpDef, intAttr, intsAttr, windowOut } from "./types";

// 1-D ([N,C,L], E-MHSA's token pooling) and 2-D (PatchEmbed's ceil-mode pooling).
export const AveragePool: OpDef = {
  op: "AveragePool",
  infer(node, [x], attrs) {
    const k = intsAttr(attrs, "kernel_shape", []);
    const n = k.length;
    if (x.length !== n + 2) throw new Error(`AveragePool ${node.name}: input rank ${x.length} vs kernel rank ${n}`);
    const strides = intsAttr(attrs, "strides", Array(n).fill(1));
    const pads = intsAttr(attrs, "pads", Array(2 * n).fill(0));
    const ceil = intAttr(attrs, "ceil_mode", 0) === 1;
    const out = [x[0], x[1], ...k.map((kk, i) => windowOut(x[i + 2], kk, strides[i], pads[i], pads[i + n], 1, ceil))];
    if (out.some((d) => d < 1)) throw new Error(`AveragePool ${node.name}: input [${x}] smaller than kernel [${k}]`);
    return [out];
  },
};
