// Lookup of shape rules by ONNX op name, built from the list in ./index.ts.
import * as ops from "./index";
import type { OpDef } from "./types";

export type { OpDef, Shape } from "./types";

const registry = new Map<string, OpDef>(Object.values(ops).map((d) => [d.op, d]));

export function getOp(op: string): OpDef {
  const def = registry.get(op);
  if (!def) throw new Error(`unknown op "${op}": no shape rule in lib/onnx/ops/ (add ${op}.ts and its line in ops/index.ts)`);
  return def;
}

export function knownOps(): string[] {
  return [...registry.keys()].sort();
}
