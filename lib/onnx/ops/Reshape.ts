import { numel } from "../ir";
import { type OpDef, constInts } from "./types";

export const Reshape: OpDef = {
  op: "Reshape",
  infer(node, [x], _attrs, consts) {
    const target = constInts(consts[1], node, "shape");
    const out = target.map((d, i) => (d === 0 ? x[i] : d));
    const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const total = numel(x);
    const minus = out.indexOf(-1);
    if (minus >= 0) out[minus] = total / known;
    if (numel(out) !== total || !Number.isInteger(out[Math.max(minus, 0)]))
      throw new Error(`Reshape ${node.name}: cannot reshape [${x}] to [${target}]`);
    return [out];
  },
};
