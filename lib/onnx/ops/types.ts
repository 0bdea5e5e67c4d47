// What every op file exports: its ONNX name and a shape rule. Shapes are concrete (batch
// and spatial sizes are fixed when a graph is built), so rules work on plain numbers.
import type { Attr, Node, Tensor } from "../ir";

export type Shape = number[];

export interface OpDef {
  op: string;
  /**
   * Output shapes from input shapes. `consts[i]` holds input i's value when it is an
   * initializer (Reshape targets, Slice bounds). Throws with the node name on bad input.
   */
  infer(node: Node, inputShapes: Shape[], attrs: Record<string, Attr>, consts: (Tensor | undefined)[]): Shape[];
}

export function intAttr(attrs: Record<string, Attr>, name: string, fallback: number): number {
  const a = attrs[name];
  return a && a.kind === "int" ? a.value : fallback;
}

export function intsAttr(attrs: Record<string, Attr>, name: string, fallback: number[]): number[] {
  const a = attrs[name];
  return a && a.kind === "ints" ? a.value : fallback;
}

export function constInts(t: Tensor | undefined, node: Node, what: string): number[] {
  if (!t) throw new Error(`${node.op} ${node.name}: ${what} must be a constant initializer`);
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function normAxis(axis: number, rank: number, node: Node): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`${node.op} ${node.name}: axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** Numpy-style broadcasting shared by the element-wise ops. */
export function broadcast(node: Node, shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) throw new Error(`${node.op} ${node.name}: cannot broadcast [${shapes.map((x) => `[${x}]`).join(", ")}]`);
      d = v;
    }
    out.push(d);
  }
  return out;
}

export const elementwise = (op: string): OpDef => ({ op, infer: (node, shapes) => [broadcast(node, shapes)] });
export const unary = (op: string): OpDef => ({ op, infer: (_n, shapes) => [[...shapes[0]]] });

/** Output size of one spatial axis of a conv or pool window. */
export function windowOut(size: number, k: number, stride: number, padBegin: number, padEnd: number, dilation: number, ceil: boolean): number {
  const span = size + padBegin + padEnd - dilation * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // As in PyTorch/ONNX: with ceil_mode the last window must start inside the input or left padding.
  if (ceil && (out - 1) * stride >= size + padBegin) out -= 1;
  return out;
}

/** Output shape of a pooling op ([N, C, ...spatial]) from kernel_shape/strides/pads/dilations/ceil_mode. */
export function poolShape(node: Node, x: Shape, attrs: Record<string, Attr>): Shape {
  const k = intsAttr(attrs, "kernel_shape", []);
  const n = k.length;
  if (x.length !== n + 2) throw new Error(`${node.op} ${node.name}: input rank ${x.length} vs kernel rank ${n}`);
  const strides = intsAttr(attrs, "strides", Array(n).fill(1));
  const pads = intsAttr(attrs, "pads", Array(2 * n).fill(0));
  const dil = intsAttr(attrs, "dilations", Array(n).fill(1));
  const ceil = intAttr(attrs, "ceil_mode", 0) === 1;
  const out = [x[0], x[1], ...k.map((kk, i) => windowOut(x[i + 2], kk, strides[i], pads[i], pads[i + n], dil[i], ceil))];
  if (out.some((d) => d < 1)) throw new Error(`${node.op} ${node.name}: input [${x}] smaller than kernel [${k}]`);
  return out;
}
