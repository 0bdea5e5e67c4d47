import { type OpDef, intAttr, normAxis } from "./types";

// Swin's LayerNorm over the last axis; scale/bias must match the normalised trailing dims.
export const LayerNormalization: OpDef = {
  op: "LayerNormalization",
  infer(node, [x, scale, bias], attrs) {
    const a = normAxis(intAttr(attrs, "axis", -1), x.length, node);
    const tail = x.slice(a);
    for (const [what, s] of [["scale", scale], ["bias", bias]] as const) {
      if (s && s.join(",") !== tail.join(",")) throw new Error(`LayerNormalization ${node.name}: ${what} [${s}] vs normalised dims [${tail}]`);
    }
    return [[...x]];
  },
};
