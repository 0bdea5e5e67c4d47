import { elementwise } from "./types";

export const Mul = elementwise("Mul");
