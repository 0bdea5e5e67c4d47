// A compiled graph's FusedConv nodes (lib/onnx/passes/fuse-conv.ts) back as Conv, Add and Relu, for a WebGPU
// session: onnxruntime-web's WebGPU FusedConv takes no Z (sum) input. Works on the encoded model, whose weights are
// external data (lib/onnx/encode.ts), so only the small graph part is decoded and written again.
import * as proto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";
import { MS_DOMAIN } from "../onnx/encode";

const onnx: typeof proto.onnx = (proto as unknown as { default?: typeof proto }).default?.onnx ?? proto.onnx;

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
