// Building blocks shared by several rules: reducing a broadcast gradient back to its
// operand's shape, attribute access, transposes of the last two axes.
import type { Attr, Node } from "../ir";
import { attr } from "../ir";
import type { GradEmitter } from "./types";

export function intAttr(node: Node, name: string, dflt: number): number {
  const a = node.attrs[name];
  return a && a.kind === "int" ? a.value : dflt;
}

export function intsAttr(node: Node, name: string, dflt: number[]): number[] {
  const a = node.attrs[name];
  return a && a.kind === "ints" ? a.value : dflt;
}

export function floatAttr(node: Node, name: string, dflt: number): number {
  const a = node.attrs[name];
  return a && a.kind === "float" ? a.value : dflt;
}

export function stringAttr(node: Node, name: string, dflt: string): string {
  const a = node.attrs[name];
  return a && a.kind === "string" ? a.value : dflt;
}

/** Integer values of a constant input (int64 or int32 initializer). */
export function constInts(g: GradEmitter, value: string | undefined): number[] | undefined {
  if (!value) return undefined;
  const t = g.constant(value);
  if (!t) return undefined;
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** ReduceSum with axes as an input (opset >= 13). */
export function reduceSum(g: GradEmitter, x: string, axes: number[], keepdims: boolean): string {
  return g.op("ReduceSum", [x, g.ints(axes)], { keepdims: attr.int(keepdims ? 1 : 0) });
}

/**
 * Sums a gradient of broadcast shape `from` down to an operand's shape `to` (numpy rules):
 * leading extra axes and axes where the operand had size 1. No node when nothing was broadcast.
 */
export function unbroadcast(g: GradEmitter, grad: string, from: number[], to: number[]): string {
  const lead = from.length - to.length;
  const axes: number[] = [];
  for (let i = 0; i < from.length; i++) {
    if (i < lead) axes.push(i);
    else if (to[i - lead] === 1 && from[i] !== 1) axes.push(i);
  }
  if (!axes.length) return lead ? g.op("Reshape", [grad, g.ints(to)]) : grad;
  const summed = reduceSum(g, grad, axes, true);
  return lead ? g.op("Reshape", [summed, g.ints(to)]) : summed;
}

export function transposeLast2(g: GradEmitter, x: string, rank: number): string {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return g.op("Transpose", [x], { perm: attr.ints(perm) });
}

export function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** A zero gradient of the given shape, materialised only at run time. */
export function zeros(g: GradEmitter, dims: number[]): string {
  return g.op("Expand", [g.scalar(0), g.ints(dims)]);
}

/**
 * Concat in groups of at most 4 inputs: onnxruntime-web 1.30's WebGPU Concat returns wrong
 * values with 10 inputs (measured; 4 are fine), so wide concats are built as a tree.
 */
export function concatTree(g: GradEmitter, parts: string[], axis: number): string {
  if (parts.length === 1) return parts[0];
  if (parts.length <= 4) return g.op("Concat", parts, { axis: attr.int(axis) });
  const groups: string[] = [];
  for (let i = 0; i < parts.length; i += 4) groups.push(concatTree(g, parts.slice(i, i + 4), axis));
  return concatTree(g, groups, axis);
}
