// The op list: one line per op file. registry.ts builds the lookup table from every
// OpDef exported here, so adding an op is adding its line.
export { Add } from "./Add";
export { AveragePool } from "./AveragePool";
export { BatchNormalization } from "./BatchNormalization";
export { Concat } from "./Concat";
export { Conv } from "./Conv";
export { Flatten } from "./Flatten";
export { Gemm } from "./Gemm";
export { GlobalAveragePool } from "./GlobalAveragePool";
export { Identity } from "./Identity";
export { MatMul } from "./MatMul";
export { Mul } from "./Mul";
export { Relu } from "./Relu";
export { Reshape } from "./Reshape";
export { Slice } from "./Slice";
export { Softmax } from "./Softmax";
export { Split } from "./Split";
export { Transpose } from "./Transpose";
