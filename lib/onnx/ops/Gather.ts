import { type OpDef, intAttr, normAxis } from "./types";

// Output shape: data's dims with the gathered axis replaced by the indices' dims
// (LeViT's and Swin's relative-position bias lookups gather a table with a constant index).
export const Gather: OpDef = {
  op: "Gather",
  infer(node, [data, indices], attrs) {
    const a = normAxis(intAttr(attrs, "axis", 0), data.length, node);
    return [[...data.slice(0, a), ...indices, ...data.slice(a + 1)]];
  },
};
