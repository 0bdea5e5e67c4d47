// Reshape, Flatten, Squeeze and Unsqueeze only relabel the same elements: dx = dy reshaped back.
import type { VjpRule, VjpArgs } from "../types";

function reshapeBack({ node, dy: [dy], g }: VjpArgs): (string | undefined)[] {
  if (!dy) return [];
  return [g.op("Reshape", [dy, g.ints(g.shape(node.inputs[0]))])];
}

export const ReshapeGrad: VjpRule = { op: "Reshape", vjp: reshapeBack };
export const FlattenGrad: VjpRule = { op: "Flatten", vjp: reshapeBack };
export const SqueezeGrad: VjpRule = { op: "Squeeze", vjp: reshapeBack };
export const UnsqueezeGrad: VjpRule = { op: "Unsqueeze", vjp: reshapeBack };
