import { unary } from "./types";

// Exact GELU is 0.5·x·(1 + Erf(x/√2)); opset 17 has no Gelu op.
export const Erf = unary("Erf");
