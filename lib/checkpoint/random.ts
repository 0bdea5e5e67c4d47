// Deterministic random weights for untrained variants. Only integer ops, + - * / and
// sqrt are used (all exactly specified by IEEE 754 / ECMAScript), so every engine produces
// the same bits; the Math log, exp and trigonometric functions are implementation-approximated and are avoided.
import { numel, type Tensor } from "../onnx/ir";
import type { ParamSpec, StateDict } from "./types";

/** FNV-1a over the key's UTF-16 units, so each tensor's stream is independent of spec order. */
function hashKey(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** xoshiro128** seeded through splitmix32; state in an Int32Array so hot loops can inline it. */
export class Rng {
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let x = seed | 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
  }

  u32(): number {
    return next(this.s) >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return (next(this.s) >>> 0) / 4294967296;
  }

  /** Fills `out` with N(0, std²). */
  normals(out: Float32Array, std: number): void {
    fillNormals(this.s, out, std);
  }
}

function next(s: Int32Array): number {
  const b = s[1];
  const m = Math.imul(b, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const t = b << 9;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
  s[3] = (s[3] << 11) | (s[3] >>> 21);
  return r;
}

/**
 * Marsaglia and Tsang's ziggurat: one 32-bit draw and a compare per value in 98.8% of
 * cases (Next-ViT-L needs ~58 M values), with the generator inlined on locals.
 */
function fillNormals(s: Int32Array, out: Float32Array, std: number): void {
  const { kn, wn } = ziggurat();
  const ws = wn.map((w) => w * std);
  const pending: number[] = [];
  let a = s[0], b = s[1], c = s[2], d = s[3];
  for (let i = 0; i < out.length; i++) {
    const m = Math.imul(b, 5);
    const hz = Math.imul((m << 7) | (m >>> 25), 9);
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    const iz = hz & 127;
    if (Math.abs(hz) < kn[iz]) out[i] = hz * ws[iz];
    else pending.push(i, hz);
  }
  s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  // The ~1.2% rare cases run after the loop: calling out of it slows the loop several-fold.
  for (let k = 0; k < pending.length; k += 2) out[pending[k]] = std * slowNormal(s, pending[k + 1], pending[k + 1] & 127);
}

/** The ziggurat's rare cases (~2.7%): the tail strip and the wedges between layers. */
function slowNormal(s: Int32Array, hz: number, iz: number): number {
  const { kn, wn, fn } = ziggurat();
  for (;;) {
    let x = hz * wn[iz];
    if (iz === 0) {
      // Base strip: sample the tail beyond R exactly (Marsaglia 1964).
      let y: number;
      do {
        x = -ln(((next(s) >>> 0) + 0.5) / 4294967296) / ZIG_R;
        y = -ln(((next(s) >>> 0) + 0.5) / 4294967296);
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const u = ((next(s) >>> 0) + 0.5) / 4294967296;
    if (fn[iz] + u * (fn[iz - 1] - fn[iz]) < expNeg(-0.5 * x * x)) return x;
    hz = next(s);
    iz = hz & 127;
    if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
  }
}

const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const M1 = 2147483648;

interface Ziggurat { kn: Float64Array; wn: Float64Array; fn: Float64Array }
let zig: Ziggurat | null = null;

function ziggurat(): Ziggurat {
  if (zig) return zig;
  const kn = new Float64Array(128), wn = new Float64Array(128), fn = new Float64Array(128);
  let dn = ZIG_R, tn = dn;
  const q = ZIG_V / expNeg(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * M1);
  kn[1] = 0;
  wn[0] = q / M1;
  wn[127] = dn / M1;
  fn[0] = 1;
  fn[127] = expNeg(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * ln(ZIG_V / dn + expNeg(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    fn[i] = expNeg(-0.5 * dn * dn);
    wn[i] = dn / M1;
  }
  zig = { kn, wn, fn };
  return zig;
}

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;

const INV_INT = Float64Array.from({ length: 14 }, (_, j) => 1 / Math.max(1, j));

/** e^x for x <= 0 from arithmetic alone: 2^k e^r with |r| <= ln2/2, Horner to r^13. */
export function expNeg(x: number): number {
  if (x < -700) return 0;
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  let sum = 1;
  for (let j = 13; j >= 1; j--) sum = 1 + r * sum * INV_INT[j];
  let scale = 1;
  let j = k;
  for (; j <= -16; j += 16) scale *= 1 / 65536;
  for (; j < 0; j++) scale *= 0.5;
  return sum * scale;
}

/** Natural log of a positive number from arithmetic alone (error < 1e-9, far below float32). */
export function ln(x: number): number {
  let e = 0;
  while (x < 1 / 65536) { x *= 65536; e -= 16; }
  while (x < 1 / SQRT2) { x *= 2; e -= 1; }
  while (x > 65536) { x /= 65536; e += 16; }
  while (x > SQRT2) { x /= 2; e += 1; }
  // x in [1/√2, √2]: ln x = 2 atanh(t) with |t| <= 0.172.
  const t = (x - 1) / (x + 1);
  const t2 = t * t;
  return 2 * t * (1 + t2 * (1 / 3 + t2 * (1 / 5 + t2 * (1 / 7 + t2 * (1 / 9 + t2 / 11))))) + e * LN2;
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
