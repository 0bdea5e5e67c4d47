// y = 2-D max pool. dy goes to the arg-max of each window (the first one on ties, as in
// onnxruntime and PyTorch: after a ReLU whole windows of zeros tie), summed where overlapping
// windows share it. Exact, without Scatter or integer tensors (WebGPU mishandles ArgMax/int64
// here): for each window offset in scan order, the strided view of the (-max-padded) input
// that equals y takes what is left of dy; the k*k routed maps are laid back by one grouped
// ConvTranspose whose kernels are unit vectors (one per offset), then the padding is cut off.
import { attr, float32 } from "../../ir";
import { concatTree, intAttr, intsAttr, stringAttr } from "../helpers";
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
    const y = node.outputs[0];
    const zero = g.scalar(0);
    const routed: string[] = [];
    let left = dy;
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const v = g.op("Slice", [xp, g.ints([i * dh, j * dw]), g.ints([i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1]),
          g.ints([2, 3]), g.ints([sh, sw])]);
        const hit = g.op("Equal", [v, y]);
        routed.push(g.op("Unsqueeze", [g.op("Where", [hit, left, zero]), g.ints([2])]));
        if (i < kh - 1 || j < kw - 1) left = g.op("Where", [hit, zero, left]);
      }
    const kk = kh * kw;
    const stacked = concatTree(g, routed, 2);
    const flat = g.op("Reshape", [stacked, g.ints([n, c * kk, oh, ow])]);
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
