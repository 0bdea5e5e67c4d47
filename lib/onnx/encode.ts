// IR Graph -> ONNX ModelProto bytes (opset 17, IR version 8) through onnx-proto's
// generated protobufjs code. Initializers go in as raw_data views over the typed arrays
// (no per-element conversion), which keeps encoding a Next-ViT-S well under a second.
import * as proto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";

// onnx-proto is CommonJS: Node's ESM loader only exposes it as `default`, bundlers as named. Exported for the
// modules that read encoded models back (lib/runtime/unfuse.ts).
export const onnx: typeof proto.onnx = (proto as unknown as { default?: typeof proto }).default?.onnx ?? proto.onnx;
import type { Attr, DType, Graph, Tensor, ValueInfo } from "./ir";

const DTYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
  float16: onnx.TensorProto.DataType.FLOAT16,
};

/** onnxruntime's contrib operators (lib/onnx/passes/fuse-conv.ts emits its FusedConv). */
export const MS_DOMAIN = "com.microsoft";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function rawBytes(t: Tensor): Uint8Array {
  const d = t.data;
  const view = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (LITTLE_ENDIAN || d.BYTES_PER_ELEMENT === 1) return view;
  // ONNX raw_data is little-endian whatever the host is.
  const out = new Uint8Array(view.length);
  const w = d.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += w) for (let j = 0; j < w; j++) out[i + j] = view[i + w - 1 - j];
  return out;
}

export function encodeTensor(name: string, t: Tensor): OnnxTypes.ITensorProto {
  return { name, dims: t.dims, dataType: DTYPE[t.dtype], rawData: rawBytes(t) };
}

function encodeAttr(name: string, a: Attr): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case "int":
      return { name, type: T.INT, i: a.value };
    case "ints":
      return { name, type: T.INTS, ints: a.value };
    case "float":
      return { name, type: T.FLOAT, f: a.value };
    case "floats":
      return { name, type: T.FLOATS, floats: a.value };
    case "string":
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
    case "tensor":
      return { name, type: T.TENSOR, t: encodeTensor("", a.value) };
  }
}

function encodeValueInfo(v: ValueInfo): OnnxTypes.IValueInfoProto {
  const shape = v.dims.length
    ? { dim: v.dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) }
    : undefined;
  return { name: v.name, type: { tensorType: { elemType: DTYPE[v.dtype], shape } } };
}

export function toModelProto(graph: Graph, initializer = [...graph.initializers].map(([name, t]) => encodeTensor(name, t))): OnnxTypes.IModelProto {
  return {
    irVersion: 8,
    producerName: "nextvit-lab",
    opsetImport: [{ domain: "", version: graph.opset }, ...(graph.nodes.some((n) => n.domain === MS_DOMAIN) ? [{ domain: MS_DOMAIN, version: 1 }] : [])],
    graph: {
      name: graph.name,
      node: graph.nodes.map((n) => ({
        name: n.name,
        opType: n.op,
        ...(n.domain ? { domain: n.domain } : {}),
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs).map(([k, a]) => encodeAttr(k, a)),
      })),
      initializer,
      input: graph.inputs.map(encodeValueInfo),
      output: graph.outputs.map(encodeValueInfo),
    },
  };
}

export function encodeModel(graph: Graph): Uint8Array {
  return onnx.ModelProto.encode(toModelProto(graph)).finish();
}

/** A model whose large initializers live outside the protobuf, in `data` (ONNX external data, one file named
 *  EXTERNAL_DATA_FILE). Why: onnxruntime-web copies an inline model into its WASM heap, parses a second copy of
 *  every raw_data out of it and only then builds the weights' tensors, so an inline 117 MB Next-ViT-S costs about
 *  three times its weights at session start; external data is copied from JS straight into each tensor. */
export interface SplitModel {
  onnx: Uint8Array;
  data: Uint8Array;
}

/** A graph as the browser's workers hold and cache it: split (SplitModel) or inline (`data` null). */
export interface GraphBytes {
  onnx: Uint8Array;
  data: Uint8Array | null;
  /** Holds our own FusedConv nodes (lib/onnx/passes/fuse-conv.ts): WASM runs it without onnxruntime's graph
   *  optimisers, WebGPU gets the plain nodes back (lib/runtime/session.ts). */
  cpuFused?: boolean;
}

export const EXTERNAL_DATA_FILE = "weights.bin";

/** Initializers of at least `minBytes` go to `data`, back to back in graph order; the small ones (shapes, scalars)
 *  stay inline, where ORT's optimisers read them without a lookup. With `consume`, each copied initializer leaves
 *  `graph` (which is then spent), so its memory can go while the rest is copied. */
export function encodeModelSplit(graph: Graph, opts: { minBytes?: number; consume?: boolean } = {}): SplitModel {
  const minBytes = opts.minBytes ?? 1024;
  let total = 0;
  for (const t of graph.initializers.values()) if (t.data.byteLength >= minBytes) total += t.data.byteLength;
  const data = new Uint8Array(total);
  const initializer: OnnxTypes.ITensorProto[] = [];
  let offset = 0;
  for (const [name, t] of graph.initializers) {
    if (t.data.byteLength < minBytes) {
      initializer.push(encodeTensor(name, t));
      continue;
    }
    const raw = rawBytes(t);
    data.set(raw, offset);
    if (opts.consume) graph.initializers.delete(name);
    initializer.push({
      name, dims: t.dims, dataType: DTYPE[t.dtype],
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: "location", value: EXTERNAL_DATA_FILE },
        { key: "offset", value: String(offset) },
        { key: "length", value: String(raw.byteLength) },
      ],
    });
    offset += raw.byteLength;
  }
  return { onnx: onnx.ModelProto.encode(toModelProto(graph, initializer)).finish(), data };
}
