// BatchNorm folding: the official deploy form and more.
//  1. conv→BN: a BN whose input is a Conv output read by nothing else is folded into that
//     Conv (weight scaled per output channel, bias created if absent).
//  2. pre-BN (official merge_bn): a BN whose output reaches only linear layers — Gemm with
//     transB (PyTorch Linear) or 1×1 ungrouped unpadded Conv — through channel-preserving
//     ops (Reshape/Flatten keeping the channel axis intact, Transpose, unpadded AveragePool,
//     GlobalAveragePool) is folded into their input columns. A second BN met on the way
//     (E-MHSA's BatchNorm1d after AvgPool1d) is composed with it and removed too: pooling is
//     per-channel and averages, so it commutes with a per-channel affine map.
// Graph outputs and tap values are never removed, so taps keep their values.
// `inPlace`: the caller gives up `src` (the browser's compile drops its state dict right after), so folded weights
// are scaled in the tensors they came in instead of fresh copies: for Next-ViT-S that is ~120 MB the compile does
// not allocate at its memory peak (issue 18, the tab's peak).
import { type Graph, type Node, type Tensor, float32 } from "../ir";
import { inferShapes } from "../shapes";

interface Affine {
  a: Float64Array;
  c: Float64Array;
}

function bnAffine(g: Graph, bn: Node): Affine | undefined {
  const [, s, b, m, v] = bn.inputs.map((n) => g.initializers.get(n)?.data as Float32Array | undefined);
  if (!s || !b || !m || !v) return undefined;
  const eps = bn.attrs.epsilon?.kind === "float" ? bn.attrs.epsilon.value : 1e-5;
  const a = new Float64Array(s.length), c = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) {
    a[i] = s[i] / Math.sqrt(v[i] + eps);
    c[i] = b[i] - m[i] * a[i];
  }
  return { a, c };
}

const intsOf = (n: Node, k: string): number[] | undefined => (n.attrs[k]?.kind === "ints" ? (n.attrs[k].value as number[]) : undefined);
const intOf = (n: Node, k: string, d: number): number => (n.attrs[k]?.kind === "int" ? (n.attrs[k].value as number) : d);

function isLinearTerminal(n: Node, axis: number): boolean {
  if (n.op === "Gemm") return axis === 1 && intOf(n, "transA", 0) === 0 && intOf(n, "transB", 0) === 1;
  if (n.op === "Conv")
    return axis === 1 && intOf(n, "group", 1) === 1 && (intsOf(n, "kernel_shape") ?? []).every((k) => k === 1) && (intsOf(n, "pads") ?? []).every((p) => p === 0);
  return false;
}

/** Where the channel axis lands after a reshape, if the channel dim survives intact. */
function reshapedAxis(inDims: number[], outDims: number[], axis: number): number | undefined {
  const before = inDims.slice(0, axis).reduce((p, d) => p * d, 1);
  let acc = 1;
  for (let j = 0; j < outDims.length; j++) {
    if (acc === before && outDims[j] === inDims[axis]) return j;
    acc *= outDims[j];
  }
  return undefined;
}

/** Initializers whose bytes overlap another's (a checkpoint's views of one shared storage): never scaled in place. */
function aliased(g: Graph): Set<string> {
  const spans = [...g.initializers].map(([name, t]) => ({ name, buf: t.data.buffer, from: t.data.byteOffset, to: t.data.byteOffset + t.data.byteLength }));
  spans.sort((a, b) => a.from - b.from);
  const out = new Set<string>();
  const lastEnd = new Map<ArrayBufferLike, { to: number; name: string }>();
  for (const s of spans) {
    const prev = lastEnd.get(s.buf);
    if (prev && s.from < prev.to && s.to > s.from) out.add(s.name).add(prev.name);
    if (!prev || s.to > prev.to) lastEnd.set(s.buf, { to: s.to, name: s.name });
  }
  return out;
}

export function foldBatchNorm(src: Graph, opts: { inPlace?: boolean } = {}): Graph {
  const g: Graph = { ...src, nodes: src.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs] })), initializers: new Map(src.initializers), taps: src.taps.map((t) => ({ ...t })) };
  const shared = opts.inPlace ? aliased(g) : new Set<string>();
  const inPlace = (name: string) => opts.inPlace === true && !shared.has(name);
  const shapes = inferShapes(g);
  const keep = new Set([...g.outputs.map((o) => o.name), ...g.taps.map((t) => t.value)]);
  const consumers = new Map<string, Node[]>();
  const producer = new Map<string, Node>();
  const uses = new Map<string, number>();
  for (const n of g.nodes) {
    n.inputs.forEach((i) => {
      consumers.set(i, [...(consumers.get(i) ?? []), n]);
      uses.set(i, (uses.get(i) ?? 0) + 1);
    });
    n.outputs.forEach((o) => producer.set(o, n));
  }
  const removed = new Set<Node>();
  const rename = new Map<string, string>();
  const ownWeight = (n: Node) => g.initializers.has(n.inputs[1]) && uses.get(n.inputs[1]) === 1 && (!n.inputs[2] || (g.initializers.has(n.inputs[2]) && uses.get(n.inputs[2]) === 1));
  const biasName = (n: Node) => {
    let name = `${n.name}.bias`;
    while (g.initializers.has(name) || shapes.has(name)) name += "_";
    return name;
  };

  // 1. conv→BN
  for (const bn of g.nodes) {
    if (bn.op !== "BatchNormalization") continue;
    const conv = producer.get(bn.inputs[0]);
    const aff = bnAffine(g, bn);
    if (!conv || conv.op !== "Conv" || !aff || keep.has(bn.inputs[0]) || consumers.get(bn.inputs[0])?.length !== 1 || !ownWeight(conv)) continue;
    const w = g.initializers.get(conv.inputs[1])!;
    const per = w.data.length / aff.a.length;
    const src = w.data as Float32Array;
    const wd = inPlace(conv.inputs[1]) ? src : new Float32Array(src.length);
    for (let o = 0; o < aff.a.length; o++) {
      const a = aff.a[o];
      for (let i = o * per, end = i + per; i < end; i++) wd[i] = src[i] * a;
    }
    const b0 = conv.inputs[2] ? (g.initializers.get(conv.inputs[2])!.data as Float32Array) : undefined;
    const bd = Float32Array.from(aff.a, (a, o) => (b0 ? b0[o] : 0) * a + aff.c[o]);
    g.initializers.set(conv.inputs[1], float32(w.dims, wd));
    const bName = conv.inputs[2] || biasName(conv);
    g.initializers.set(bName, float32([bd.length], bd));
    conv.inputs[2] = bName;
    conv.outputs[0] = bn.outputs[0];
    producer.set(bn.outputs[0], conv);
    removed.add(bn);
  }

  // 2. pre-BN into following linear layers
  for (const bn of g.nodes) {
    if (bn.op !== "BatchNormalization" || removed.has(bn) || keep.has(bn.outputs[0])) continue;
    const aff = bnAffine(g, bn);
    if (!aff) continue;
    const terminals: { node: Node; aff: Affine }[] = [];
    const inner: Node[] = [];
    const walk = (value: string, axis: number, f: Affine): boolean =>
      (consumers.get(value) ?? []).every((u) => {
        if (removed.has(u) || u.inputs.indexOf(value) !== 0 || u.inputs.lastIndexOf(value) !== 0) return false;
        if (isLinearTerminal(u, axis)) {
          if (!ownWeight(u) || terminals.some((t) => t.node === u)) return false;
          terminals.push({ node: u, aff: f });
          return true;
        }
        const out = u.outputs[0];
        if (keep.has(out) || u.outputs.length !== 1) return false;
        switch (u.op) {
          case "Reshape":
          case "Flatten": {
            const j = reshapedAxis(shapes.get(value)!, shapes.get(out)!, axis);
            return j !== undefined && walk(out, j, f);
          }
          case "Transpose":
            return walk(out, (intsOf(u, "perm") ?? []).indexOf(axis), f);
          case "AveragePool":
            return axis === 1 && (intsOf(u, "pads") ?? []).every((p) => p === 0) && walk(out, axis, f);
          case "GlobalAveragePool":
            return axis === 1 && walk(out, axis, f);
          case "BatchNormalization": {
            const f2 = bnAffine(g, u);
            if (axis !== 1 || !f2) return false;
            inner.push(u);
            return walk(out, axis, { a: f.a.map((a, i) => a * f2.a[i]), c: f.c.map((c, i) => c * f2.a[i] + f2.c[i]) });
          }
          default:
            return false;
        }
      });
    if (!walk(bn.outputs[0], 1, aff) || terminals.length === 0) continue;
    for (const { node, aff: f } of terminals) foldIntoLinear(g, node, f, biasName, inPlace(node.inputs[1]));
    for (const n of [bn, ...inner]) {
      removed.add(n);
      rename.set(n.outputs[0], n.inputs[0]);
    }
  }

  const resolve = (v: string): string => (rename.has(v) ? resolve(rename.get(v)!) : v);
  g.nodes = g.nodes.filter((n) => !removed.has(n));
  for (const n of g.nodes) n.inputs = n.inputs.map(resolve);
  const used = new Set(g.nodes.flatMap((n) => n.inputs));
  for (const name of [...g.initializers.keys()]) if (!used.has(name)) g.initializers.delete(name);
  return g;
}

/** W'[o,i] = W[o,i]·a[i], b'[o] = b[o] + Σ_i W[o,i]·c[i] for a weight laid out [O, I, 1…]. */
function foldIntoLinear(g: Graph, node: Node, f: Affine, biasName: (n: Node) => string, inPlace: boolean): void {
  const w: Tensor = g.initializers.get(node.inputs[1])!;
  const [o, i] = w.dims;
  const src = w.data as Float32Array;
  const wd = inPlace ? src : new Float32Array(src.length); // each element is read before it is written
  const b0 = node.inputs[2] ? (g.initializers.get(node.inputs[2])!.data as Float32Array) : undefined;
  const bd = new Float32Array(o);
  const a = Float32Array.from(f.a);
  const c = Float32Array.from(f.c);
  for (let r = 0; r < o; r++) {
    let acc = b0 ? b0[r] : 0;
    const row = r * i;
    for (let k = 0; k < i; k++) {
      const x = src[row + k];
      wd[row + k] = x * a[k];
      acc += x * c[k];
    }
    bd[r] = acc;
  }
  g.initializers.set(node.inputs[1], float32(w.dims, wd));
  const bName = node.inputs[2] || biasName(node);
  g.initializers.set(bName, float32([o], bd));
  node.inputs[2] = bName;
}
