import { type OpDef, constInts, normAxis } from "./types";

// Constant starts/ends/axes/steps (inputs 1..4), positive steps.
export const Slice: OpDef = {
  op: "Slice",
  infer(node, [x], _attrs, consts) {
    const starts = constInts(consts[1], node, "starts");
    const ends = constInts(consts[2], node, "ends");
    const axes = consts[3] ? constInts(consts[3], node, "axes") : starts.map((_, i) => i);
    const steps = consts[4] ? constInts(consts[4], node, "steps") : starts.map(() => 1);
    const out = [...x];
    axes.forEach((ax, i) => {
      const a = normAxis(ax, x.length, node);
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + x[a] : v, 0), x[a]);
      if (steps[i] <= 0) throw new Error(`Slice ${node.name}: only positive steps are supported`);
      out[a] = Math.max(0, Math.ceil((clamp(ends[i]) - clamp(starts[i])) / steps[i]));
    });
    return [out];
  },
};
