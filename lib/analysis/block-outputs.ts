// Which taps are block outputs: the depth axis of the spectra (ΔlogA vs depth, as in the paper) and
// the CAM strip. Next-ViT also taps inside an NTB (e_mhsa, mhca), which would count a block twice;
// LeViT, ResNet and Swin tap only block outputs and stage transitions, so all of theirs count.
// Deciding "Next-ViT" by its stem tap would be wrong: LeViT's and ResNet's first tap is a stem too.
const NEXTVIT_BLOCK = new Set(["NCB", "NTB"]);
const NEXTVIT_OUTPUT = new Set(["stem", "NCB", "NTB"]);

/** Block-output taps in their given (depth) order. */
export function blockOutputs<T>(taps: readonly T[], kind: (t: T) => string): T[] {
  const nextvit = taps.some((t) => NEXTVIT_BLOCK.has(kind(t)));
  return nextvit ? taps.filter((t) => NEXTVIT_OUTPUT.has(kind(t))) : [...taps];
}
