import { unary } from "./types";

export const Relu = unary("Relu");
