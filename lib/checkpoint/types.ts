import type { DType, Tensor } from "../onnx/ir";

export type { Tensor } from "../onnx/ir";

// Float tensors are always float32 here (f16/bf16/f64 are widened or narrowed on read);
// integer tensors keep int64/int32, bytes and bools stay uint8/bool.
export type StateDict = Map<string, Tensor>;

export interface ParamSpec {
  key: string;
  shape: number[];
  // Optional: when given, validateStateDict also checks it and randomStateDict honours it.
  dtype?: DType;
}
