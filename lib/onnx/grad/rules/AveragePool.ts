// y = average pool over 1-D or 2-D windows (ceil_mode, pads, count_include_pad). Exact, with
// each edge window's own divisor. Non-overlapping windows (stride = kernel, no pads, the
// Next-ViT case) spread dy/count by nearest upsampling, an O(size) copy; anything else applies the
// per-axis constant matrices P (dx = P_h^T dy P_w), as pooling is separable per axis.
import { attr, float32 } from "../../ir";
import { intAttr, intsAttr, stringAttr } from "../helpers";
import { axisWindows, poolMatrix, type AxisWindows } from "../pool-windows";
import { unsupported, type GradEmitter, type VjpRule } from "../types";

function spreadNonOverlapping(g: GradEmitter, dy: string, xs: number[], ys: number[], k: number[], wins: AxisWindows[]): string {
  const sp = k.length;
  const lead = xs.slice(0, 2);
  const inv = new Float32Array(ys.slice(2).reduce((a, b) => a * b, 1));
  for (let i = 0; i < inv.length; i++) {
    let rem = i, c = 1;
    for (let a = sp - 1; a >= 0; a--) {
      c *= wins[a].counts[rem % ys[2 + a]];
      rem = Math.floor(rem / ys[2 + a]);
    }
    inv[i] = 1 / c;
  }
  const scaled = g.op("Mul", [dy, g.tensor("avgpool_inv_count", float32(ys.slice(2), inv))]);
  // Nearest-neighbour upsampling by integer factors (asymmetric, floor) repeats each element k
  // times: exactly the spread, and a fast kernel everywhere (Expand with a broadcast last axis
  // copies element by element in onnxruntime).
  let d = g.op("Resize", [scaled, "", g.tensor("avgpool_scales", float32([xs.length], [...lead.map(() => 1), ...k]))], {
    mode: attr.string("nearest"), coordinate_transformation_mode: attr.string("asymmetric"), nearest_mode: attr.string("floor"),
  });
  const axes = [...Array(sp).keys()].map((a) => a + 2);
  const covered = axes.map((a) => ys[a] * k[a - 2]);
  if (covered.some((c, i) => c > xs[axes[i]]))
    d = g.op("Slice", [d, g.ints(axes.map(() => 0)), g.ints(axes.map((a, i) => Math.min(covered[i], xs[a]))), g.ints(axes)]);
  if (covered.some((c, i) => c < xs[axes[i]])) {
    const pads = new Array<number>(2 * xs.length).fill(0);
    axes.forEach((a, i) => (pads[xs.length + a] = Math.max(xs[a] - covered[i], 0)));
    d = g.op("Pad", [d, g.ints(pads)]);
  }
  return d;
}

export const AveragePoolGrad: VjpRule = {
  op: "AveragePool",
  vjp({ node, dy: [dy], g }) {
    if (!dy) return [];
    if (stringAttr(node, "auto_pad", "NOTSET") !== "NOTSET") throw unsupported(node, "auto_pad is not supported; give explicit pads");
    const xs = g.shape(node.inputs[0]), ys = g.shape(node.outputs[0]);
    const sp = xs.length - 2;
    if (sp < 1 || sp > 2) throw unsupported(node, `${sp}-D pooling is not supported`);
    if (intsAttr(node, "dilations", [1, 1]).some((d) => d !== 1)) throw unsupported(node, "dilations are not supported");
    const k = intsAttr(node, "kernel_shape", []);
    const s = intsAttr(node, "strides", new Array(sp).fill(1));
    const p = intsAttr(node, "pads", new Array(2 * sp).fill(0));
    const incl = intAttr(node, "count_include_pad", 0) === 1;
    const wins = k.map((ki, a) => axisWindows(xs[2 + a], ys[2 + a], ki, s[a], p[a], p[sp + a], incl));
    if (k.every((ki, a) => ki === s[a]) && p.every((v) => v === 0)) return [spreadNonOverlapping(g, dy, xs, ys, k, wins)];
    const mats = k.map((ki, a) => poolMatrix(xs[2 + a], wins[a], ki));
    let d = g.op("MatMul", [dy, g.tensor("avgpool_adjoint", float32([ys[1 + sp], xs[1 + sp]], mats[sp - 1]))]);
    if (sp === 2) {
      const [oh, h] = [ys[2], xs[2]];
      const t = new Float32Array(h * oh);
      for (let o = 0; o < oh; o++) for (let i = 0; i < h; i++) t[i * oh + o] = mats[0][o * h + i];
      d = g.op("MatMul", [g.tensor("avgpool_adjoint_t", float32([h, oh], t)), d]);
    }
    return [d];
  },
};
