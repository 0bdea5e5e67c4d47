import { unary } from "./types";

// LeViT's activation, x·relu6(x+3)/6 (opset 14+).
export const HardSwish = unary("HardSwish");
