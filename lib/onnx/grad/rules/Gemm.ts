// y = alpha * A' B' + beta * C (A' = A or A^T, B' likewise). Each product gradient is another
// Gemm with the transpose flags rearranged, so no Transpose node is ever materialised.
import { attr } from "../../ir";
import { floatAttr, intAttr, unbroadcast } from "../helpers";
import type { VjpRule } from "../types";

export const GemmGrad: VjpRule = {
  op: "Gemm",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const [a, b, c] = node.inputs;
    const alpha = floatAttr(node, "alpha", 1), beta = floatAttr(node, "beta", 1);
    const ta = intAttr(node, "transA", 0), tb = intAttr(node, "transB", 0);
    const gemm = (x: string, y: string, tx: number, ty: number) =>
      g.op("Gemm", [x, y], { alpha: attr.float(alpha), transA: attr.int(tx), transB: attr.int(ty) });
    const da = !needs[0] ? undefined : ta ? gemm(b, dy, tb, 1) : gemm(dy, b, 0, tb ? 0 : 1);
    const db = !needs[1] ? undefined : tb ? gemm(dy, a, 1, ta) : gemm(a, dy, ta ? 0 : 1, 0);
    let dc: string | undefined;
    if (needs[2] && c) {
      const scaled = beta === 1 ? dy : g.op("Mul", [dy, g.scalar(beta)]);
      dc = unbroadcast(g, scaled, g.shape(node.outputs[0]), g.shape(c));
    }
    return [da, db, dc];
  },
};
