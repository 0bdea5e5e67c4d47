// y = conv(x, w) (grouped, strided, padded, dilated). Only dx is needed (we differentiate
// w.r.t. activations). Stride 1 with a constant weight: dx is a plain Conv of dy with the
// kernel flipped and its in/out channels swapped per group, padded by (k-1)d - p, which runs
// on the fastest kernels. Otherwise: ConvTranspose with the same weight, strides, pads,
// dilations and group, and output_padding chosen to give back x's exact size.
import { attr, float32, type Tensor } from "../../ir";
import { intAttr, intsAttr, stringAttr } from "../helpers";
import { unsupported, type VjpRule } from "../types";

/** Wt[g*Cg + c, m] = flip(W[g*Mg + m, c]) : the weight of the adjoint convolution. */
function adjointWeight(w: Tensor, group: number): Tensor {
  const [m, cg, ...k] = w.dims;
  const kk = k.reduce((a, b) => a * b, 1);
  const mg = m / group;
  const src = w.data as Float32Array;
  const out = new Float32Array(src.length);
  for (let gi = 0; gi < group; gi++)
    for (let mi = 0; mi < mg; mi++)
      for (let c = 0; c < cg; c++) {
        const from = ((gi * mg + mi) * cg + c) * kk;
        const to = ((gi * cg + c) * mg + mi) * kk;
        for (let t = 0; t < kk; t++) out[to + t] = src[from + kk - 1 - t];
      }
  return float32([cg * group, mg, ...k], out);
}

export const ConvGrad: VjpRule = {
  op: "Conv",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy) return [];
    if (needs[1] || needs[2]) throw unsupported(node, "gradients w.r.t. weight or bias are not supported");
    if (!needs[0]) return [];
    const autoPad = stringAttr(node, "auto_pad", "NOTSET");
    if (autoPad !== "NOTSET" && autoPad !== "VALID") throw unsupported(node, `auto_pad=${autoPad} is not supported; give explicit pads`);
    const xs = g.shape(node.inputs[0]), ys = g.shape(node.outputs[0]);
    const wName = node.inputs[1];
    const ws = g.shape(wName);
    const sp = xs.length - 2;
    const k = ws.slice(2);
    const strides = intsAttr(node, "strides", new Array(sp).fill(1));
    const dil = intsAttr(node, "dilations", new Array(sp).fill(1));
    const pads = autoPad === "VALID" ? new Array(2 * sp).fill(0) : intsAttr(node, "pads", new Array(2 * sp).fill(0));
    const group = intAttr(node, "group", 1);
    const reach = k.map((ki, i) => (ki - 1) * dil[i]);
    const adjPads = [...reach.map((r, i) => r - pads[i]), ...reach.map((r, i) => r - pads[sp + i])];
    const w = g.constant(wName);
    if (w && w.dtype === "float32" && strides.every((s) => s === 1) && adjPads.every((p) => p >= 0)) {
      const wt = g.tensor(`${wName}.adjoint`, adjointWeight(w, group));
      return [g.op("Conv", [dy, wt], {
        group: attr.int(group), kernel_shape: attr.ints(k), pads: attr.ints(adjPads), dilations: attr.ints(dil),
      })];
    }
    const outPad = xs.slice(2).map((h, i) => h - (strides[i] * (ys[2 + i] - 1) + reach[i] + 1 - pads[i] - pads[sp + i]));
    return [g.op("ConvTranspose", [dy, wName], {
      group: attr.int(group), kernel_shape: attr.ints(k), strides: attr.ints(strides), pads: attr.ints(pads),
      dilations: attr.ints(dil), output_padding: attr.ints(outPad),
    })];
  },
};
