import type { OpDef } from "./types";

export const GlobalAveragePool: OpDef = {
  op: "GlobalAveragePool",
  infer: (_node, [x]) => [[x[0], x[1], ...x.slice(2).map(() => 1)]],
};
