// Every op the backward pass can differentiate: one line per rule file.
import type { VjpRule } from "../types";
import { AddGrad } from "./Add";
import { AveragePoolGrad } from "./AveragePool";
import { BatchNormalizationGrad } from "./BatchNormalization";
import { ConcatGrad } from "./Concat";
import { ConvGrad } from "./Conv";
import { DivGrad } from "./Div";
import { ErfGrad } from "./Erf";
import { GatherGrad } from "./Gather";
import { GemmGrad } from "./Gemm";
import { HardSwishGrad } from "./HardSwish";
import { DropoutGrad, IdentityGrad } from "./Identity";
import { LayerNormalizationGrad } from "./LayerNormalization";
import { MatMulGrad } from "./MatMul";
import { MaxPoolGrad } from "./MaxPool";
import { MulGrad } from "./Mul";
import { NegGrad } from "./Neg";
import { GlobalAveragePoolGrad, ReduceMeanGrad, ReduceSumGrad } from "./Reduce";
import { ReluGrad } from "./Relu";
import { FlattenGrad, ReshapeGrad, SqueezeGrad, UnsqueezeGrad } from "./Reshape";
import { SliceGrad } from "./Slice";
import { SoftmaxGrad } from "./Softmax";
import { SplitGrad } from "./Split";
import { SqrtGrad } from "./Sqrt";
import { SubGrad } from "./Sub";
import { TransposeGrad } from "./Transpose";

export const VJP_RULES: ReadonlyMap<string, VjpRule> = new Map(
  [
    AddGrad, AveragePoolGrad, BatchNormalizationGrad, ConcatGrad, ConvGrad, DivGrad, DropoutGrad, ErfGrad,
    FlattenGrad, GatherGrad, GemmGrad, GlobalAveragePoolGrad, HardSwishGrad, IdentityGrad, LayerNormalizationGrad,
    MatMulGrad, MaxPoolGrad, MulGrad, NegGrad, ReduceMeanGrad, ReduceSumGrad, ReluGrad, ReshapeGrad, SliceGrad,
    SoftmaxGrad, SplitGrad, SqrtGrad, SqueezeGrad, SubGrad, TransposeGrad, UnsqueezeGrad,
  ].map((r) => [r.op, r]),
);
