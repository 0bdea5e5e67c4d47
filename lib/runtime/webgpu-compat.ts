// onnxruntime-web's WebGPU AveragePool rejects ceil_mode=1 ("ceil_mode kernel execution is
// not yet implemented"). Next-ViT's PatchEmbed pools with ceil_mode=1, which only changes
// anything when a side is odd; where it cannot change the output we clear it, so even-sized
// inputs (224, 64, ...) run on WebGPU with exactly the same result.
import type { Graph } from "../onnx/ir";
import { attr } from "../onnx/ir";
import { inferShapes } from "../onnx/shapes";

export function dropNeutralCeilMode(graph: Graph): Graph {
  const pools = graph.nodes.filter((n) => n.op === "AveragePool" && n.attrs.ceil_mode?.kind === "int" && n.attrs.ceil_mode.value === 1);
  if (pools.length === 0) return graph;
  const shapes = inferShapes(graph);
  const nodes = graph.nodes.map((n) => {
    if (!pools.includes(n)) return n;
    const dims = shapes.get(n.inputs[0]);
    const k = n.attrs.kernel_shape?.kind === "ints" ? n.attrs.kernel_shape.value : null;
    const s = n.attrs.strides?.kind === "ints" ? n.attrs.strides.value : k?.map(() => 1);
    const pads = n.attrs.pads?.kind === "ints" ? n.attrs.pads.value : [];
    if (!dims || !k || !s || pads.some((p) => p !== 0)) return n;
    const spatial = dims.slice(2);
    const neutral = spatial.every((d, i) => (d - k[i]) % s[i] === 0);
    return neutral ? { ...n, attrs: { ...n.attrs, ceil_mode: attr.int(0) } } : n;
  });
  return { ...graph, nodes };
}
