// Conv → [Add] → [Relu] chains as onnxruntime's CPU FusedConv (com.microsoft), for graphs that run on WASM.
// Why we fuse ourselves: onnxruntime-web's own fusions come with its "extended"/"all" graph optimisers, whose first
// run in a page is costly (V8 compiles and tiers up that part of the 14 MB runtime): on this project's 2-core host a
// Next-ViT-S session took ~400 ms to create at level "all" against ~250 ms at "disabled", and the first inference
// ~650 against ~430 ms (README, Benchmarks). FusedConv was the only fusion whose speed showed at run time (a
// forward ~5% slower without it), so the compiler emits it and WASM sessions skip onnxruntime's optimisers.
// FusedConv computes Y = activation(Conv(X, W, B) + Z) in one pass; Z must have Y's shape exactly. WebGPU's
// FusedConv has no Z input, so a WebGPU session gets the plain nodes back (unfuseConvs, lib/runtime/unfuse.ts).
import { MS_DOMAIN } from "../encode";
import { type Graph, type Node, attr } from "../ir";
import { inferShapes } from "../shapes";

const same = (a: readonly (number | string)[] | undefined, b: readonly (number | string)[] | undefined) =>
  !!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]);

/** The fused graph (nodes new, initializers shared) and how many Conv nodes were fused. Values that are graph
 *  outputs (logits, every tap) are never fused away. */
export function fuseConvs(src: Graph): { graph: Graph; fused: number } {
  const shapes = inferShapes(src);
  const kept = new Set(src.outputs.map((o) => o.name));
  const consumers = new Map<string, Node[]>();
  for (const n of src.nodes) for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const gone = new Set<Node>(); // the Conv, Add and Relu nodes a fusion replaces
  // The one node reading `v`, when `v` is read once, is not an output and no earlier fusion took that node (a
  // ResNet's Add sums two convolutions: the first one fused takes it).
  const only = (v: string): Node | undefined => {
    const c = kept.has(v) ? undefined : consumers.get(v);
    return c?.length === 1 && !gone.has(c[0]) ? c[0] : undefined;
  };
  const at = new Map<Node, Node>(); // the fused node goes where the chain's last node was: Z is computed by then
  for (const n of src.nodes) {
    if (n.op !== "Conv" || n.domain || n.inputs.length > 3) continue;
    const chain = [n];
    let out = n.outputs[0];
    let z: string | undefined;
    const add = only(out);
    if (add?.op === "Add" && !add.domain && add.inputs.length === 2) {
      const other = add.inputs[0] === out ? add.inputs[1] : add.inputs[0];
      if (other !== out && same(shapes.get(other), shapes.get(out))) {
        [z, out] = [other, add.outputs[0]];
        chain.push(add);
      }
    }
    const act = only(out);
    const relu = act?.op === "Relu" && !act.domain;
    if (relu) {
      out = act.outputs[0];
      chain.push(act);
    }
    if (chain.length === 1) continue;
    for (const m of chain) gone.add(m);
    const inputs = [n.inputs[0], n.inputs[1], n.inputs[2] ?? "", ...(z !== undefined ? [z] : [])];
    at.set(chain[chain.length - 1], { ...n, op: "FusedConv", domain: MS_DOMAIN, inputs, outputs: [out], attrs: { ...n.attrs, ...(relu ? { activation: attr.string("Relu") } : {}) } });
  }
  const nodes = src.nodes.flatMap((n) => (at.has(n) ? [at.get(n)!] : gone.has(n) ? [] : [n]));
  const fused = at.size;
  return { graph: { ...src, nodes }, fused };
}
