// The in-memory graph every pass works on. Kept deliberately close to ONNX's own
// GraphProto so that encoding is a straight copy and passes never need to round-trip
// through protobuf. Everything here is plain data: passes return new graphs or mutate
// explicitly, never through hidden caches.

export type DType = "float32" | "float16" | "int64" | "int32" | "uint8" | "bool";

export type TensorData = Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array;

export interface Tensor {
  dtype: DType;
  dims: number[];
  data: TensorData;
}

// ONNX distinguishes int from float attributes even when the JS value is the same
// number, so attributes carry their ONNX kind explicitly.
export type Attr =
  | { kind: "int"; value: number }
  | { kind: "ints"; value: number[] }
  | { kind: "float"; value: number }
  | { kind: "floats"; value: number[] }
  | { kind: "string"; value: string }
  | { kind: "tensor"; value: Tensor };

export const attr = {
  int: (value: number): Attr => ({ kind: "int", value }),
  ints: (value: number[]): Attr => ({ kind: "ints", value }),
  float: (value: number): Attr => ({ kind: "float", value }),
  floats: (value: number[]): Attr => ({ kind: "floats", value }),
  string: (value: string): Attr => ({ kind: "string", value }),
  tensor: (value: Tensor): Attr => ({ kind: "tensor", value }),
};

export interface Node {
  op: string;
  /** The operator's domain; absent for ONNX's own (""). "com.microsoft": onnxruntime's contrib ops (FusedConv). */
  domain?: string;
  name: string;
  inputs: string[]; // "" marks an omitted optional input, as in ONNX
  outputs: string[];
  attrs: Record<string, Attr>;
}

export interface ValueInfo {
  name: string;
  dtype: DType;
  dims: (number | string)[]; // a string is a symbolic dimension
}

// Where a tap sits in the architecture. `path` is the official PyTorch module path
// (`stem`, `features.3`, `features.6.e_mhsa`), so users and fixtures share one name.
export interface TapInfo {
  path: string;
  value: string; // graph value that holds the activation
  stage: number; // 0-based stage; -1 for the stem
  index: number; // block index within the whole network (official `features.N`); -1 for the stem
  kind: string; // "stem" | "NCB" | "NTB" | "e_mhsa" | "mhca" | ... (architecture-specific)
  layout: "NCHW" | "NLC"; // NLC = tokens [B, N, C] in raster order
  dims?: number[]; // filled by shape inference
  grid?: [number, number]; // spatial grid of NLC tokens, for turning them back into maps
}

export interface Graph {
  name: string;
  opset: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Map<string, Tensor>;
  nodes: Node[];
  taps: TapInfo[];
}

export function float32(dims: number[], data?: Float32Array | number[]): Tensor {
  const size = dims.reduce((a, b) => a * b, 1);
  const arr = data instanceof Float32Array ? data : data ? Float32Array.from(data) : new Float32Array(size);
  if (arr.length !== size) throw new Error(`float32 tensor: ${arr.length} values for dims [${dims}]`);
  return { dtype: "float32", dims, data: arr };
}

export function int64(dims: number[], values: number[]): Tensor {
  return { dtype: "int64", dims, data: BigInt64Array.from(values.map((v) => BigInt(v))) };
}

export function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
