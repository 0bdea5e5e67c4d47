import type { OpDef } from "./types";

// Inference-mode BN on [N,C,...]: running statistics in, same shape out.
export const BatchNormalization: OpDef = {
  op: "BatchNormalization",
  infer(node, [x, scale]) {
    if (x[1] !== scale[0]) throw new Error(`BatchNormalization ${node.name}: ${x[1]} channels vs scale [${scale}]`);
    return [[...x]];
  },
};
