// Graph fragments shared by the baseline builders (ResNet, Swin) and LeViT. Weights come
// from a state dict by key; BatchNorm folding is done in float64 at build time so that a
// folded graph differs from the unfolded one only by float32 rounding.
import type { GraphBuilder } from "../onnx/builder";
import { attr, float32, type Tensor } from "../onnx/ir";
import { CheckpointError } from "../checkpoint/errors";
import type { ParamSpec, StateDict } from "../checkpoint/types";

export function param(sd: StateDict, key: string, shape?: number[]): Tensor {
  const t = sd.get(key);
  if (!t) throw new CheckpointError("LAB105", `"${key}" is not in the state dict`, { tensor: key });
  if (shape && t.dims.join(",") !== shape.join(",")) {
    throw new CheckpointError("LAB107", `"${key}" has shape [${t.dims}], expected [${shape}]`, { tensor: key });
  }
  return t;
}

export function values(sd: StateDict, key: string, shape?: number[]): Float32Array {
  const t = param(sd, key, shape);
  if (!(t.data instanceof Float32Array)) throw new CheckpointError("LAB104", `"${key}" is ${t.dtype}, expected float32`, { tensor: key });
  return t.data;
}

/** Eval-mode BatchNorm as y = x·scale + shift, computed in float64. */
export function bnAffine(sd: StateDict, prefix: string, channels: number, eps = 1e-5): { scale: Float64Array; shift: Float64Array } {
  const g = values(sd, `${prefix}.weight`, [channels]);
  const b = values(sd, `${prefix}.bias`, [channels]);
  const m = values(sd, `${prefix}.running_mean`, [channels]);
  const v = values(sd, `${prefix}.running_var`, [channels]);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = g[c] / Math.sqrt(v[c] + eps);
    shift[c] = b[c] - m[c] * scale[c];
  }
  return { scale, shift };
}

export function bnSpec(prefix: string, channels: number): ParamSpec[] {
  return ["weight", "bias", "running_mean", "running_var"].map((s) => ({ key: `${prefix}.${s}`, shape: [channels] }));
}

/** Parameters only (BatchNorm running statistics are buffers, not parameters). */
export function countSpecParams(spec: ParamSpec[]): number {
  return spec
    .filter((p) => !/running_(mean|var)$|num_batches_tracked$/.test(p.key))
    .reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** Scales each output row of a [out, ...] weight by scale[out] (BN folded into the producer). */
export function scaleRows(w: Float32Array, out: number, scale: Float64Array): Float32Array {
  const per = w.length / out;
  const r = new Float32Array(w.length);
  for (let o = 0; o < out; o++) for (let i = 0; i < per; i++) r[o * per + i] = w[o * per + i] * scale[o];
  return r;
}

/** Conv (no bias) + eval BatchNorm: folded into one Conv, or Conv + BatchNormalization. */
export function convBn(
  g: GraphBuilder, sd: StateDict, x: string, conv: string, bn: string,
  o: { out: number; inCh: number; k: number; stride: number; pad: number; fold: boolean; eps?: number; name?: string },
): string {
  const w = values(sd, `${conv}.weight`, [o.out, o.inCh, o.k, o.k]);
  const attrs = { kernel_shape: attr.ints([o.k, o.k]), strides: attr.ints([o.stride, o.stride]), pads: attr.ints([o.pad, o.pad, o.pad, o.pad]) };
  const name = o.name ?? conv;
  if (o.fold) {
    const { scale, shift } = bnAffine(sd, bn, o.out, o.eps);
    const wf = g.initializer(`${conv}.weight`, float32([o.out, o.inCh, o.k, o.k], scaleRows(w, o.out, scale)));
    const bf = g.initializer(`${conv}.bias`, float32([o.out], Float32Array.from(shift)));
    return g.op("Conv", [x, wf, bf], attrs, name);
  }
  const y = g.op("Conv", [x, g.initializer(`${conv}.weight`, param(sd, `${conv}.weight`))], attrs, name);
  const bnIn = ["weight", "bias", "running_mean", "running_var"].map((s) => g.initializer(`${bn}.${s}`, param(sd, `${bn}.${s}`)));
  return g.op("BatchNormalization", [y, ...bnIn], { epsilon: attr.float(o.eps ?? 1e-5) }, bn);
}

/** Transposes a [out, in] PyTorch Linear weight to the [in, out] right operand of MatMul. */
export function transposed(w: Float32Array, out: number, inF: number, scale?: Float64Array): Float32Array {
  const r = new Float32Array(w.length);
  for (let o = 0; o < out; o++) for (let i = 0; i < inF; i++) r[i * out + o] = w[o * inF + i] * (scale ? scale[o] : 1);
  return r;
}

/** y = x·Wᵀ + b over the last axis. `w` is PyTorch's [out, in] layout. */
export function linear(g: GraphBuilder, x: string, name: string, w: Float32Array, out: number, inF: number, b?: Float32Array | Float64Array): string {
  const wt = g.initializer(`${name}.weight`, float32([inF, out], transposed(w, out, inF)));
  const y = g.op("MatMul", [x, wt], {}, `${name}.matmul`);
  if (!b) return y;
  return g.op("Add", [y, g.initializer(`${name}.bias`, float32([out], Float32Array.from(b)))], {}, name);
}

/** Exact (erf) GELU, as PyTorch's nn.GELU(). */
export function gelu(g: GraphBuilder, x: string, name: string): string {
  const s = g.op("Mul", [x, g.initializer(`${name}.inv_sqrt2`, float32([1], [Math.SQRT1_2]))], {}, `${name}.scaled`);
  const e = g.op("Erf", [s], {}, `${name}.erf`);
  const one = g.op("Add", [e, g.initializer(`${name}.one`, float32([1], [1]))], {}, `${name}.one_plus`);
  const half = g.op("Mul", [x, g.initializer(`${name}.half`, float32([1], [0.5]))], {}, `${name}.half_x`);
  return g.op("Mul", [half, one], {}, name);
}

export function layerNorm(g: GraphBuilder, sd: StateDict, x: string, prefix: string, dim: number, eps = 1e-5, name = prefix): string {
  const w = g.initializer(`${prefix}.weight`, param(sd, `${prefix}.weight`, [dim]));
  const b = g.initializer(`${prefix}.bias`, param(sd, `${prefix}.bias`, [dim]));
  return g.op("LayerNormalization", [x, w, b], { axis: attr.int(-1), epsilon: attr.float(eps) }, name);
}

export function reshape(g: GraphBuilder, x: string, dims: number[], name: string): string {
  return g.op("Reshape", [x, g.ints(`${name}.shape`, dims)], {}, name);
}

export function transpose(g: GraphBuilder, x: string, perm: number[], name: string): string {
  return g.op("Transpose", [x], { perm: attr.ints(perm) }, name);
}

/** Which taps a build exposes: all of them, or the listed paths (unknown ones are an error). */
export function tapFilter(all: string[], taps: "all" | string[] | undefined, model: string): (path: string) => boolean {
  if (!taps) return () => false;
  if (taps === "all") return () => true;
  const known = new Set(all);
  const bad = taps.filter((t) => !known.has(t));
  if (bad.length) throw new Error(`${model}: unknown tap "${bad[0]}"; taps are ${all.slice(0, 4).join(", ")}, … (${all.length} in all)`);
  const want = new Set(taps);
  return (p) => want.has(p);
}
