// Deterministic random weights for untrained variants. Only integer ops, + - * / and
// sqrt are used (all exactly specified by IEEE 754 / ECMAScript), so every engine produces
// the same bits; Math.log/sin/cos are implementation-approximated and are avoided.
import { numel, type Tensor } from "../onnx/ir";
import type { ParamSpec, StateDict } from "./types";

/** FNV-1a over the key's UTF-16 units, so each tensor's stream is independent of spec order. */
function hashKey(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** xoshiro128** seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
  }

  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.u32() / 4294967296;
  }

  /** Fills `out` with N(0, std²) by Marsaglia's polar method. */
  normals(out: Float32Array, std: number): void {
    for (let i = 0; i < out.length; ) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = std * Math.sqrt((-2 * ln(s)) / s);
      out[i++] = u * f;
      if (i < out.length) out[i++] = v * f;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;

/** Natural log for 0 < x < 1 from arithmetic alone (float32-accurate is all we need). */
export function ln(x: number): number {
  let e = 0;
  while (x < 1 / 65536) { x *= 65536; e -= 16; }
  while (x < 1 / SQRT2) { x *= 2; e -= 1; }
  // x in [1/√2, √2): ln x = 2 atanh(t), |t| <= 0.172, series to t^13 is exact to ~1e-12.
  const t = (x - 1) / (x + 1);
  const t2 = t * t;
  const series = 1 + t2 * (1 / 3 + t2 * (1 / 5 + t2 * (1 / 7 + t2 * (1 / 9 + t2 * (1 / 11 + t2 / 13)))));
  return 2 * t * series + e * LN2;
}

type Init = { kind: "normal"; std: number } | { kind: "uniform"; lo: number; hi: number } | { kind: "const"; value: number };

// The fixtures' norm biases have std 0.1 (measured), whatever the notation.
const NORM_BIAS_STD = 0.1;
// N(0, 0.25) in the recipe is a variance (as N(0, 1/fan_in) is), so the std is 0.5.
const OTHER_STD = 0.5;

function leaf(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

/** The same recipe the parity fixtures used, so untrained models give moderate activations. */
function initFor(p: ParamSpec, shapes: Map<string, number[]>): Init {
  const name = leaf(p.key);
  const prefix = p.key.slice(0, p.key.length - name.length);
  // A norm layer (BatchNorm, LayerNorm) has running stats or a 1-D weight.
  const isNorm = shapes.has(prefix + "running_mean") || shapes.get(prefix + "weight")?.length === 1;
  if (name === "running_mean") return { kind: "const", value: 0 };
  if (name === "running_var") return { kind: "const", value: 1 };
  if (name === "weight" && p.shape.length >= 2) {
    return { kind: "normal", std: Math.sqrt(1 / Math.max(1, numel(p.shape.slice(1)))) };
  }
  if (name === "weight" && isNorm) return { kind: "uniform", lo: 0.7, hi: 1.3 };
  if (name === "bias") return isNorm ? { kind: "normal", std: NORM_BIAS_STD } : { kind: "const", value: 0 };
  return { kind: "normal", std: OTHER_STD };
}

export function randomStateDict(spec: ParamSpec[], seed: number): StateDict {
  const shapes = new Map(spec.map((p) => [p.key, p.shape]));
  const sd: StateDict = new Map();
  for (const p of spec) {
    const n = numel(p.shape);
    const dims = p.shape.slice();
    if (leaf(p.key) === "num_batches_tracked" || p.dtype === "int64") {
      sd.set(p.key, { dtype: "int64", dims, data: new BigInt64Array(n) });
      continue;
    }
    const data = new Float32Array(n);
    const init = initFor(p, shapes);
    if (init.kind === "const") data.fill(init.value);
    else {
      const rng = new Rng(hashKey(p.key, seed));
      if (init.kind === "normal") rng.normals(data, init.std);
      else for (let i = 0; i < n; i++) data[i] = init.lo + (init.hi - init.lo) * rng.uniform();
    }
    sd.set(p.key, { dtype: "float32", dims, data } satisfies Tensor);
  }
  return sd;
}
