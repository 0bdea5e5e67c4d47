import { type OpDef, intAttr, intsAttr, normAxis } from "./types";

// Opset 17 form: axes is an attribute (it became an input in opset 18).
export const ReduceMean: OpDef = {
  op: "ReduceMean",
  infer(node, [x], attrs) {
    const keep = intAttr(attrs, "keepdims", 1) === 1;
    const axes = intsAttr(attrs, "axes", x.map((_, i) => i)).map((a) => normAxis(a, x.length, node));
    const out: number[] = [];
    x.forEach((d, i) => {
      if (!axes.includes(i)) out.push(d);
      else if (keep) out.push(1);
    });
    return [out];
  },
};
