import { type OpDef, poolShape } from "./types";

// ResNet's stem pooling (3x3, stride 2, pad 1). Only the values output is modelled: the
// Indices output is never requested by our builders.
export const MaxPool: OpDef = {
  op: "MaxPool",
  infer: (node, [x], attrs) => [poolShape(node, x, attrs)],
};
