// Which taps count as block outputs (the depth axis, the CAM strip): Next-ViT's stem/NCB/NTB, leaving
// out taps inside a block (e_mhsa, mhca); for other architectures (LeViT, ResNet, Swin) every tap.
const NEXTVIT_BLOCKS = new Set(["stem", "NCB", "NTB"]);

export function blockTaps<T>(taps: readonly T[], kind: (t: T) => string): T[] {
  const nextvit = taps.filter((t) => NEXTVIT_BLOCKS.has(kind(t)));
  return nextvit.length > 0 ? nextvit : [...taps];
}
