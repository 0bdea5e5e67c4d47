// y = max(x, 0): dx = dy where x > 0, else 0. The mask is read from y (y > 0 exactly when
// x > 0), so the forward Conv→Relu pair keeps a single consumer and onnxruntime still fuses it.
import type { VjpRule } from "../types";

export const ReluGrad: VjpRule = {
  op: "Relu",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const zero = g.scalar(0);
    return [g.op("Where", [g.op("Greater", [node.outputs[0], zero]), dy, zero])];
  },
};
