import { type OpDef, intAttr } from "./types";

// Y = alpha·A'·B' + beta·C on 2-D operands; PyTorch Linear weights enter with transB = 1.
export const Gemm: OpDef = {
  op: "Gemm",
  infer(node, [a, b], attrs) {
    if (a.length !== 2 || b.length !== 2) throw new Error(`Gemm ${node.name}: operands must be 2-D, got [${a}] and [${b}]`);
    const [m, ka] = intAttr(attrs, "transA", 0) ? [a[1], a[0]] : a;
    const [kb, n] = intAttr(attrs, "transB", 0) ? [b[1], b[0]] : b;
    if (ka !== kb) throw new Error(`Gemm ${node.name}: inner dims ${ka} vs ${kb}`);
    return [[m, n]];
  },
};
