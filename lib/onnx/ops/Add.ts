import { elementwise } from "./types";

export const Add = elementwise("Add");
