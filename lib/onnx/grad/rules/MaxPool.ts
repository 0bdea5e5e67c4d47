// y = 2-D max pool. dy goes to the arg-max of each window (the first one on ties, as in
// onnxruntime and PyTorch), summed where overlapping windows share it. Exact, without Scatter:
// the k*k strided views of the (-max-padded) input are stacked, ArgMax picks the winner, a
// one-hot of it times dy is laid back by a grouped ConvTranspose whose kernels are unit
// vectors (one per window offset), then the padding is cut off.
import { attr, float32 } from "../../ir";
import { intAttr, intsAttr, stringAttr } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const MaxPoolGrad: VjpRule = {
  op: "MaxPool",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    if (stringAttr(node, "auto_pad", "NOTSET") !== "NOTSET") throw unsupported(node, "auto_pad is not supported; give explicit pads");
    if (intAttr(node, "storage_order", 0) !== 0) throw unsupported(node, "storage_order=1 is not supported");
    const x = node.inputs[0];
    const xs = g.shape(x), ys = g.shape(node.outputs[0]);
    if (xs.length !== 4) throw unsupported(node, "only 2-D max pooling is supported");
    const [n, c, h, w] = xs, [oh, ow] = ys.slice(2);
    const [kh, kw] = intsAttr(node, "kernel_shape", []);
    const [sh, sw] = intsAttr(node, "strides", [1, 1]);
    const [dh, dw] = intsAttr(node, "dilations", [1, 1]);
    const [pt, pl, pb, pr] = intsAttr(node, "pads", [0, 0, 0, 0]);
    const needH = (oh - 1) * sh + (kh - 1) * dh + 1, needW = (ow - 1) * sw + (kw - 1) * dw + 1;
    const padB = Math.max(needH - pt - h, pb, 0), padR = Math.max(needW - pl - w, pr, 0);
    const xp = g.op("Pad", [x, g.ints([0, 0, pt, pl, 0, 0, padB, padR]), g.scalar(-3.4e38)]);
    const views: string[] = [];
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const v = g.op("Slice", [xp, g.ints([i * dh, j * dw]), g.ints([i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1]),
          g.ints([2, 3]), g.ints([sh, sw])]);
        views.push(g.op("Unsqueeze", [v, g.ints([2])]));
      }
    const kk = kh * kw;
    const stacked = g.op("Concat", views, { axis: attr.int(2) });
    const winner = g.op("ArgMax", [stacked], { axis: attr.int(2), keepdims: attr.int(1) });
    const offsets = g.tensor("maxpool_offsets", { dtype: "int64", dims: [1, 1, kk, 1, 1], data: BigInt64Array.from({ length: kk }, (_, q) => BigInt(q)) });
    const routed = g.op("Where", [g.op("Equal", [winner, offsets]), g.op("Unsqueeze", [dy, g.ints([2])]), g.scalar(0)]);
    const flat = g.op("Reshape", [routed, g.ints([n, c * kk, oh, ow])]);
    const unit = new Float32Array(c * kk * kk);
    for (let ch = 0; ch < c; ch++) for (let q = 0; q < kk; q++) unit[(ch * kk + q) * kk + q] = 1;
    const laid = g.op("ConvTranspose", [flat, g.tensor("maxpool_unit_kernels", float32([c * kk, 1, kh, kw], unit))], {
      group: attr.int(c), kernel_shape: attr.ints([kh, kw]), strides: attr.ints([sh, sw]), dilations: attr.ints([dh, dw]),
    });
    const short = [Math.max(pt + h - needH, 0), Math.max(pl + w - needW, 0)];
    const full = short.some(Boolean) ? g.op("Pad", [laid, g.ints([0, 0, 0, 0, 0, 0, ...short])]) : laid;
    return [g.op("Slice", [full, g.ints([pt, pl]), g.ints([pt + h, pl + w]), g.ints([2, 3])])];
  },
};
