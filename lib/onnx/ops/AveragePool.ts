import { type OpDef, poolShape } from "./types";

// 1-D ([N,C,L], E-MHSA's token pooling) and 2-D (PatchEmbed's ceil-mode pooling).
export const AveragePool: OpDef = {
  op: "AveragePool",
  infer: (node, [x], attrs) => [poolShape(node, x, attrs)],
};
