// ReduceMean / ReduceSum / GlobalAveragePool: every reduced element receives dy (divided by
// the count for means), broadcast back over the reduced axes.
import { constInts, intsAttr, normAxis } from "../helpers";
import type { VjpArgs, VjpRule } from "../types";

function reduceAxes({ node, g }: VjpArgs, rank: number): number[] {
  const fromInput = constInts(g, node.inputs[1]);
  const axes = fromInput ?? intsAttr(node, "axes", []);
  return (axes.length ? axes : [...Array(rank).keys()]).map((a) => normAxis(a, rank));
}

function spreadBack(args: VjpArgs, axes: number[], mean: boolean): (string | undefined)[] {
  const { node, dy: [dy], g } = args;
  if (!dy) return [];
  const xs = g.shape(node.inputs[0]);
  const kept = xs.map((d, i) => (axes.includes(i) ? 1 : d));
  let d = g.op("Reshape", [dy, g.ints(kept)]);
  if (mean) d = g.op("Mul", [d, g.scalar(1 / axes.reduce((p, a) => p * xs[a], 1))]);
  return [g.op("Expand", [d, g.ints(xs)])];
}

export const ReduceMeanGrad: VjpRule = {
  op: "ReduceMean",
  vjp: (a) => spreadBack(a, reduceAxes(a, a.g.shape(a.node.inputs[0]).length), true),
};

export const ReduceSumGrad: VjpRule = {
  op: "ReduceSum",
  vjp: (a) => spreadBack(a, reduceAxes(a, a.g.shape(a.node.inputs[0]).length), false),
};

export const GlobalAveragePoolGrad: VjpRule = {
  op: "GlobalAveragePool",
  vjp: (a) => spreadBack(a, [...Array(a.g.shape(a.node.inputs[0]).length - 2).keys()].map((i) => i + 2), true),
};
