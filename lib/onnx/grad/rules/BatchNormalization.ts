// Eval-mode BatchNormalization is a per-channel affine map: dx = dy * gamma / sqrt(var + eps),
// with the scale folded to one constant at build time.
import { float32 } from "../../ir";
import { floatAttr } from "../helpers";
import { unsupported, type VjpRule } from "../types";

export const BatchNormalizationGrad: VjpRule = {
  op: "BatchNormalization",
  vjp({ node, dy: [dy], needs, g }) {
    if (!dy || !needs[0]) return [];
    if (needs.slice(1).some(Boolean)) throw unsupported(node, "gradients w.r.t. BN parameters are not supported");
    const gamma = g.constant(node.inputs[1]), variance = g.constant(node.inputs[4]);
    if (!gamma || !variance) throw unsupported(node, "scale and running variance must be constants (eval mode)");
    const eps = floatAttr(node, "epsilon", 1e-5);
    const gd = gamma.data as Float32Array, vd = variance.data as Float32Array;
    const scale = Float32Array.from(gd, (s, i) => s / Math.sqrt(vd[i] + eps));
    const rank = g.shape(node.inputs[0]).length;
    const dims = [scale.length, ...new Array(Math.max(rank - 2, 0)).fill(1)];
    return [g.op("Mul", [dy, g.tensor(`${node.name}.grad_scale`, float32(dims, scale))])];
  },
};
