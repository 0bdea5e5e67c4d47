// y = A @ B (numpy batching and broadcasting, rank >= 2): dA = dy @ B^T, dB = A^T @ dy, each
// summed over the batch axes its operand was broadcast on. A constant 2-D B (a Linear weight)
// gets its transpose precomputed.
import { float32 } from "../../ir";
import { transposeLast2, unbroadcast } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const MatMulGrad: VjpRule = {
  op: "MatMul",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    const [a, b] = node.inputs;
    const as = g.shape(a), bs = g.shape(b), ys = g.shape(node.outputs[0]);
    if (as.length < 2 || bs.length < 2) throw unsupported(node, "1-D operands are not supported");
    const batch = ys.slice(0, -2);
    let da: string | undefined, db: string | undefined;
    if (needs[0]) {
      const bc = g.constant(b);
      let bt: string;
      if (bc && bc.dtype === "float32" && bs.length === 2) {
        const [k, n] = bs, src = bc.data as Float32Array, t = new Float32Array(k * n);
        for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) t[j * k + i] = src[i * n + j];
        bt = g.tensor(`${b}.T`, float32([n, k], t));
      } else bt = transposeLast2(g, b, bs.length);
      da = unbroadcast(g, g.op("MatMul", [dy, bt]), [...batch, as.at(-2)!, as.at(-1)!], as);
    }
    if (needs[1]) {
      const at = transposeLast2(g, a, as.length);
      db = unbroadcast(g, g.op("MatMul", [at, dy]), [...batch, bs.at(-2)!, bs.at(-1)!], bs);
    }
    return [da, db];
  },
};
