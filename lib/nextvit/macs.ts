// Multiply-accumulates of one forward pass at H×W, counted the way the paper's FLOPs are
// (fvcore-style): convolutions, linears and the two attention matrix products. BatchNorm,
// pooling, activations and softmax are not counted.
import { windowOut } from "../onnx/ops/types";
import { type NextViTConfig, planNextViT } from "./config";
import { patchEmbedHasConv } from "./spec";

export function countMacs(cfg: NextViTConfig, height: number, width: number): number {
  let h = height, w = width, macs = 0;
  const chs = [3, ...cfg.stemChs, cfg.stemChs[2]];
  for (let i = 0; i < 4; i++) {
    const s = i === 0 || i === 3 ? 2 : 1;
    h = windowOut(h, 3, s, 1, 1, 1, false);
    w = windowOut(w, 3, s, 1, 1, 1, false);
    macs += chs[i] * chs[i + 1] * 9 * h * w;
  }
  const patchEmbed = (inCh: number, outCh: number, stride: number) => {
    if (stride === 2) [h, w] = [Math.ceil(h / 2), Math.ceil(w / 2)];
    if (patchEmbedHasConv(inCh, outCh, stride)) macs += inCh * outCh * h * w;
  };
  const mhca = (c: number) => (macs += (c * cfg.headDim * 9 + c * c) * h * w);
  for (const b of planNextViT(cfg)) {
    if (b.kind === "NCB") {
      patchEmbed(b.inCh, b.outCh, b.stride);
      mhca(b.outCh);
    } else {
      if (b.mhsaCh > 0) {
        patchEmbed(b.inCh, b.mhsaCh, b.stride);
        const n = h * w, c = b.mhsaCh;
        const nkv = b.srRatio > 1 ? Math.floor(n / (b.srRatio * b.srRatio)) : n;
        macs += 2 * n * c * c + 2 * nkv * c * c + 2 * n * nkv * c; // q, proj; k, v; q·kᵀ, attn·v
      }
      if (b.mhcaCh > 0) {
        patchEmbed(b.mhsaCh > 0 ? b.mhsaCh : b.inCh, b.mhcaCh, b.mhsaCh > 0 ? 1 : b.stride);
        mhca(b.mhcaCh);
      }
    }
    macs += 2 * b.outCh * b.mlpHidden * h * w;
  }
  const last = planNextViT(cfg).at(-1)!.outCh;
  return macs + last * cfg.numClasses;
}
