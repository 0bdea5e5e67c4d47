// Swin checkpoints come in two layouts: timm's (PatchMerging at the start of stage S as
// `layers.S.downsample`, head `head.fc`) and Microsoft's original (PatchMerging at the end of
// stage S-1, head `head`, with the index/mask buffers saved). Both map to timm's one to one.
import type { StateDict } from "../checkpoint/types";

export type SwinLayout = "official" | "timm";

export function detectSwinLayout(keys: Iterable<string>): SwinLayout {
  for (const k of keys) {
    if (k.startsWith("head.fc.")) return "timm";
    if (k === "head.weight" || k === "head.bias") return "official";
  }
  return "timm";
}

/** Either layout → timm names; buffers that follow from the window size are dropped. */
export function toTimmSwin(sd: StateDict): StateDict {
  const official = detectSwinLayout(sd.keys()) === "official";
  const out: StateDict = new Map();
  for (const [k, t] of sd) {
    if (k.endsWith("relative_position_index") || k.endsWith("attn_mask") || k.endsWith("num_batches_tracked")) continue;
    if (!official) {
      out.set(k, t);
      continue;
    }
    const moved = k.replace(/^layers\.(\d+)\.downsample\./, (_, s: string) => `layers.${Number(s) + 1}.downsample.`);
    out.set(moved.replace(/^head\./, "head.fc."), t);
  }
  return out;
}
