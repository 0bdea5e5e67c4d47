// y = (x - mean) * rstd * gamma + beta over axes [axis, rank). With xhat = (x - mean) * rstd and
// gy = dy * gamma: dx = rstd * (gy - mean(gy) - xhat * mean(gy * xhat)), the full formula.
import { intAttr, floatAttr, normAxis, reduceSum } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const LayerNormalizationGrad: VjpRule = {
  op: "LayerNormalization",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy || !needs[0]) return [];
    if (needs[1] || needs[2]) throw unsupported(node, "gradients w.r.t. scale or bias are not supported");
    const [x, gamma] = node.inputs;
    const xs = g.shape(x);
    const axis = normAxis(intAttr(node, "axis", -1), xs.length);
    const axes = [...Array(xs.length - axis).keys()].map((i) => axis + i);
    const inv = g.scalar(1 / xs.slice(axis).reduce((a, b) => a * b, 1));
    const mean = (v: string) => g.op("Mul", [reduceSum(g, v, axes, true), inv]);
    const xc = g.op("Sub", [x, mean(x)]);
    const variance = mean(g.op("Mul", [xc, xc]));
    const eps = g.scalar(floatAttr(node, "epsilon", 1e-5));
    const rstd = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [variance, eps])])]);
    const xhat = g.op("Mul", [xc, rstd]);
    const gy = g.op("Mul", [dy, gamma]);
    const centred = g.op("Sub", [gy, mean(gy)]);
    const dx = g.op("Sub", [centred, g.op("Mul", [xhat, mean(g.op("Mul", [gy, xhat]))])]);
    return [g.op("Mul", [dx, rstd])];
  },
};
