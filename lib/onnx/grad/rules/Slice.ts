// y = x[start:end] along some axes (step 1): dx = dy zero-padded back to x's shape.
import { constInts, normAxis } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const SliceGrad: VjpRule = {
  op: "Slice",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    const xs = g.shape(node.inputs[0]);
    const starts = constInts(g, node.inputs[1]);
    const axes = constInts(g, node.inputs[3]) ?? starts?.map((_, i) => i);
    const steps = constInts(g, node.inputs[4]) ?? starts?.map(() => 1);
    if (!starts || !axes || !steps) throw unsupported(node, "starts/axes/steps must be constants");
    if (steps.some((s) => s !== 1)) throw unsupported(node, "only step 1 is supported");
    const ys = g.shape(node.outputs[0]);
    const pads = new Array<number>(2 * xs.length).fill(0);
    axes.forEach((a0, i) => {
      const a = normAxis(a0, xs.length);
      const begin = Math.min(Math.max(starts[i] < 0 ? starts[i] + xs[a] : starts[i], 0), xs[a]);
      pads[a] = begin;
      pads[xs.length + a] = xs[a] - begin - ys[a];
    });
    if (pads.every((p) => p === 0)) return [dy];
    return [g.op("Pad", [dy, g.ints(pads)])];
  },
};
