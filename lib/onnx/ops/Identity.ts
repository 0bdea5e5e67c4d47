import { unary } from "./types";

export const Identity = unary("Identity");
