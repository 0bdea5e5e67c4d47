// A compiled graph's FusedConv nodes (lib/onnx/passes/fuse-conv.ts) back as Conv, Add and Relu, for a WebGPU
// session: onnxruntime-web's WebGPU FusedConv takes no Z (sum) input. Works on the encoded model, whose weights are
// external data (lib/onnx/encode.ts), so only the small graph part is decoded and written again.
import type { onnx as OnnxTypes } from "onnx-proto";
import { MS_DOMAIN, onnx } from "../onnx/encode";
import type { Backend } from "./protocol";

/** What a session on `backend` is created from, and with which optimisation level: a graph our compiler fused for
 *  the CPU (lib/onnx/passes/fuse-conv.ts) runs on WASM without onnxruntime's graph optimisers, whose first use in a
 *  page costs more than they give it (fuse-conv.ts); on WebGPU, whose FusedConv lacks the sum input, it gets its
 *  plain nodes back first. Any other graph gets every optimiser. Used by the lab's sessions and the bench page. */
export function sessionGraph(onnxBytes: Uint8Array, cpuFused: boolean, backend: Backend): { onnx: Uint8Array; level: "disabled" | "all" } {
  if (!cpuFused) return { onnx: onnxBytes, level: "all" };
  return backend === "wasm" ? { onnx: onnxBytes, level: "disabled" } : { onnx: unfuseConvs(onnxBytes), level: "all" };
}

export function unfuseConvs(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const nodes: OnnxTypes.INodeProto[] = [];
  for (const n of graph.node ?? []) {
    if (n.opType !== "FusedConv" || n.domain !== MS_DOMAIN) {
      nodes.push(n);
      continue;
    }
    const [x, w, b, z] = n.input ?? [];
    const act = n.attribute?.find((a) => a.name === "activation");
    const kind = act?.s ? new TextDecoder().decode(act.s) : "";
    if (kind && kind !== "Relu") throw new Error(`unfuseConvs: activation ${kind} of ${n.name} is not one fuse-conv.ts emits`);
    const out = n.output![0];
    const convOut = z || kind ? `${out}.conv` : out;
    nodes.push({ name: n.name, opType: "Conv", input: b ? [x, w, b] : [x, w], output: [convOut], attribute: n.attribute?.filter((a) => a !== act) });
    let v = convOut;
    if (z) {
      const sum = kind ? `${out}.sum` : out;
      nodes.push({ name: `${n.name}.add`, opType: "Add", input: [v, z], output: [sum] });
      v = sum;
    }
    if (kind) nodes.push({ name: `${n.name}.relu`, opType: "Relu", input: [v], output: [out] });
  }
  graph.node = nodes;
  model.opsetImport = (model.opsetImport ?? []).filter((o) => o.domain !== MS_DOMAIN);
  return onnx.ModelProto.encode(model).finish();
}
