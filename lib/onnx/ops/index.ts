// The op list: one line per op file. registry.ts builds the lookup table from every
// OpDef exported here, so adding an op is adding its line.
export { Add } from "./Add";
export { AveragePool } from "./AveragePool";
export { BatchNormalization } from "./BatchNormalization";
export { Concat } from "./Concat";
export { Conv } from "./Conv";
export { Erf } from "./Erf";
export { Flatten } from "./Flatten";
export { Gather } from "./Gather";
export { Gemm } from "./Gemm";
export { GlobalAveragePool } from "./GlobalAveragePool";
export { HardSwish } from "./HardSwish";
export { Identity } from "./Identity";
export { LayerNormalization } from "./LayerNormalization";
export { MatMul } from "./MatMul";
export { MaxPool } from "./MaxPool";
export { Mul } from "./Mul";
export { ReduceMean } from "./ReduceMean";
export { Relu } from "./Relu";
export { Reshape } from "./Reshape";
export { Slice } from "./Slice";
export { Softmax } from "./Softmax";
export { Split } from "./Split";
export { Transpose } from "./Transpose";
