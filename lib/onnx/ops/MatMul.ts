import { type OpDef, broadcast } from "./types";

// Batched matrix product with numpy semantics (1-D operands not needed here).
export const MatMul: OpDef = {
  op: "MatMul",
  infer(node, [a, b]) {
    if (a.length < 2 || b.length < 2) throw new Error(`MatMul ${node.name}: operands must be at least 2-D`);
    if (a[a.length - 1] !== b[b.length - 2]) throw new Error(`MatMul ${node.name}: [${a}] @ [${b}] inner dims differ`);
    const batch = broadcast(node, [a.slice(0, -2), b.slice(0, -2)]);
    return [[...batch, a[a.length - 2], b[b.length - 1]]];
  },
};
