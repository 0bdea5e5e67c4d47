import { type OpDef, intAttr, normAxis } from "./types";

export const Concat: OpDef = {
  op: "Concat",
  infer(node, shapes, attrs) {
    const axis = normAxis(intAttr(attrs, "axis", 0), shapes[0].length, node);
    const out = [...shapes[0]];
    for (const s of shapes.slice(1)) {
      if (s.length !== out.length || s.some((d, i) => i !== axis && d !== out[i]))
        throw new Error(`Concat ${node.name}: [${s}] does not match [${shapes[0]}] off axis ${axis}`);
      out[axis] += s[axis];
    }
    return [out];
  },
};
