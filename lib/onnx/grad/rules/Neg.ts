// y = -x: dx = -dy.
import type { VjpRule } from "../types";

export const NegGrad: VjpRule = {
  op: "Neg",
  vjp({ dy: [dy], g }) {
    return dy ? [g.op("Neg", [dy])] : [];
  },
};
