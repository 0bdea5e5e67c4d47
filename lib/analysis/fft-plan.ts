// 1-D complex DFT plans of any length, float64, interleaved [re0, im0, re1, im1, ...].
// Every plan computes the exact length-n DFT: bin k is exactly frequency 2*pi*k/n. The signal is
// never zero-padded (that would resample the spectrum); any padding lives inside a convolution.
// - powers of two >= 8: fft.js;
// - odd lengths > 31: Bluestein's chirp-z, a circular convolution of power-of-two length m >= 2n-1
//   evaluated with fft.js;
// - n = q * 2^a (feature maps: 56 = 7*8, 28, 14): one Cooley-Tukey split into q-point and 2^a-point
//   transforms, because at these tiny sizes Bluestein's two length-m FFTs per line cost ~4x more;
// - tiny lengths (odd <= 31, 2, 4): a direct sum with precomputed twiddles (call overhead dominates).
// `complexPlan(n, "bluestein")` forces the chirp-z path for any non-power-of-two length.
import FFT from "fft.js";
import { BluesteinPlan } from "./bluestein";
import { Dft7Plan, OddDirectPlan, Radix2or4Plan } from "./direct-dft";
import { SplitPlan } from "./split-dft";
import type { ComplexPlan } from "./complex-plan";

const isPow2 = (n: number): boolean => n > 1 && (n & (n - 1)) === 0;

class IdentityPlan implements ComplexPlan {
  readonly n = 1;
  forward(): void {}
}

class Pow2Plan implements ComplexPlan {
  private readonly fft: FFT;
  private readonly out: Float64Array;
  constructor(readonly n: number) {
    this.fft = new FFT(n);
    this.out = new Float64Array(2 * n);
  }
  forward(buf: Float64Array): void {
    this.fft.transform(this.out, buf);
    buf.set(this.out);
  }
}

export type PlanAlgorithm = "auto" | "bluestein";

const DIRECT_MAX_ODD = 31;
const plans = new Map<string, ComplexPlan>();

function build(n: number, algorithm: PlanAlgorithm): ComplexPlan {
  if (n === 1) return new IdentityPlan();
  if (n === 2 || n === 4) return new Radix2or4Plan(n);
  if (isPow2(n)) return new Pow2Plan(n);
  if (algorithm === "bluestein") return new BluesteinPlan(n);
  let n2 = 1;
  while (n % (2 * n2) === 0) n2 *= 2;
  const n1 = n / n2;
  if (n2 === 1) return n1 === 7 ? new Dft7Plan() : n1 <= DIRECT_MAX_ODD ? new OddDirectPlan(n1) : new BluesteinPlan(n1);
  return new SplitPlan(n1, n2, complexPlan(n1), complexPlan(n2));
}

/** Cached plan for length n (any integer >= 1). Plans own scratch buffers: not re-entrant. */
export function complexPlan(n: number, algorithm: PlanAlgorithm = "auto"): ComplexPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`DFT length must be a positive integer, got ${n}`);
  const key = `${algorithm}:${n}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = build(n, algorithm);
    plans.set(key, plan);
  }
  return plan;
}
