// y = x[start:end:step] along some axes (positive steps). dx: each strided axis first gets
// step-1 zeros after every element (Unsqueeze, Pad, Reshape: an interleave), then dy is
// zero-padded back to x's extent.
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
    if (steps.some((s) => s < 1)) throw unsupported(node, "only positive steps are supported");
    const cur = [...g.shape(node.outputs[0])];
    const pads = new Array<number>(2 * xs.length).fill(0);
    let d = dy;
    axes.forEach((a0, i) => {
      const a = normAxis(a0, xs.length);
      const begin = Math.min(Math.max(starts[i] < 0 ? starts[i] + xs[a] : starts[i], 0), xs[a]);
      const s = steps[i];
      if (s > 1 && cur[a] > 0) {
        const room = xs[a] - begin;
        const spread = [...cur.slice(0, a + 1), 1, ...cur.slice(a + 1)];
        const zerosAfter = new Array<number>(2 * spread.length).fill(0);
        zerosAfter[spread.length + a + 1] = s - 1;
        d = g.op("Pad", [g.op("Reshape", [d, g.ints(spread)]), g.ints(zerosAfter)]);
        cur[a] *= s;
        d = g.op("Reshape", [d, g.ints(cur)]);
        if (cur[a] > room) {
          d = g.op("Slice", [d, g.ints([0]), g.ints([room]), g.ints([a])]);
          cur[a] = room;
        }
      }
      pads[a] = begin;
      pads[xs.length + a] = xs[a] - begin - cur[a];
    });
    if (pads.every((p) => p === 0)) return [d];
    return [g.op("Pad", [d, g.ints(pads)])];
  },
};
