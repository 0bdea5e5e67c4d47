// Identity and eval-mode Dropout pass the gradient through unchanged.
import type { VjpRule } from "../types";

export const IdentityGrad: VjpRule = {
  op: "Identity",
  vjp({ dy: [dy] }) {
    return [dy];
  },
};

export const DropoutGrad: VjpRule = { op: "Dropout", vjp: IdentityGrad.vjp };
