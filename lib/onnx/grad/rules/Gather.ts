// y = gather(data, indices, axis) with constant indices. Attention-bias tables are constants and
// get no gradient; an activation `data` gets dy scattered back by a constant one-hot matrix
// (G^T @ dy), which sums repeated indices exactly and needs no Scatter op.
import { float32 } from "../../ir";
import { constInts, intAttr, normAxis } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const GatherGrad: VjpRule = {
  op: "Gather",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy || !needs[0]) return [];
    const ds = g.shape(node.inputs[0]);
    const axis = normAxis(intAttr(node, "axis", 0), ds.length);
    const idx = constInts(g, node.inputs[1]);
    if (!idx) throw unsupported(node, "indices must be a constant to differentiate w.r.t. data");
    const n = idx.length, d = ds[axis];
    const gt = new Float32Array(d * n);
    idx.forEach((v, j) => (gt[(v < 0 ? v + d : v) * n + j] += 1));
    const outer = ds.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = ds.slice(axis + 1).reduce((a, b) => a * b, 1);
    const flat = g.op("Reshape", [dy, g.ints([outer, n, inner])]);
    const summed = g.op("MatMul", [g.tensor("gather_onehot_t", float32([d, n], gt)), flat]);
    return [g.op("Reshape", [summed, g.ints(ds)])];
  },
};
