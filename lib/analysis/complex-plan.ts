// The interface every 1-D complex DFT plan implements. It lives apart from fft-plan.ts (which picks
// and caches plans) so the plan classes (bluestein.ts, direct-dft.ts, split-dft.ts) can implement it
// without importing the module that imports them.

export interface ComplexPlan {
  readonly n: number;
  /** In-place forward DFT (kernel e^{-2 pi i k t / n}, unnormalised) of `buf` (length >= 2n). */
  forward(buf: Float64Array): void;
}
