// Raw little-endian tensor bytes -> IR tensors. Shared by the safetensors and .pth readers.
import type { Tensor } from "../onnx/ir";
import { CheckpointError } from "./errors";

export type RawDType = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8" | "U8" | "BOOL";

export const RAW_DTYPE_SIZE: Record<RawDType, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

/** The IR dtype each raw dtype becomes on read. */
export const RAW_TO_IR: Record<RawDType, Tensor["dtype"]> = {
  F64: "float32", F32: "float32", F16: "float32", BF16: "float32",
  I64: "int64", I32: "int32", I16: "int32", I8: "int32", U8: "uint8", BOOL: "bool",
};

export function isRawDType(s: unknown): s is RawDType {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(RAW_DTYPE_SIZE, s);
}

// Typed-array views assume the host is little-endian, as every browser and Node target is;
// refuse loudly on the odd big-endian host instead of returning scrambled weights.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let f16Table: Float32Array | null = null;

// 65536-entry table: one lookup per half is far faster than bit-twiddling in a loop.
function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? NaN : sign * Infinity;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  f16Table = t;
  return t;
}

export function halfToFloat32(src: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = t[src[i]];
  return out;
}

/**
 * A fresh copy (never aliasing the caller's buffer, always aligned). Not `.slice()`:
 * on a Node Buffer that returns a view of the whole underlying pool.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

function aligned(bytes: Uint8Array): ArrayBuffer {
  return copyBytes(bytes).buffer;
}

/** Decodes exactly `numel` elements of `raw` from `bytes` (caller has checked the length). */
export function decodeRaw(bytes: Uint8Array, raw: RawDType, dims: number[]): Tensor {
  if (!LITTLE_ENDIAN) throw new CheckpointError("LAB104", "big-endian hosts are not supported");
  const n = bytes.length / RAW_DTYPE_SIZE[raw];
  switch (raw) {
    case "F32":
      return { dtype: "float32", dims, data: new Float32Array(aligned(bytes)) };
    case "F16":
      return { dtype: "float32", dims, data: halfToFloat32(new Uint16Array(aligned(bytes))) };
    case "BF16": {
      const src = new Uint16Array(aligned(bytes));
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = src[i] << 16;
      return { dtype: "float32", dims, data: out };
    }
    case "F64":
      return { dtype: "float32", dims, data: Float32Array.from(new Float64Array(aligned(bytes))) };
    case "I64":
      return { dtype: "int64", dims, data: new BigInt64Array(aligned(bytes)) };
    case "I32":
      return { dtype: "int32", dims, data: new Int32Array(aligned(bytes)) };
    case "I16":
      return { dtype: "int32", dims, data: Int32Array.from(new Int16Array(aligned(bytes))) };
    case "I8": // one byte an element: a view needs no alignment, and the Int32Array constructor copies out of it
      return { dtype: "int32", dims, data: new Int32Array(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)) };
    case "U8":
      return { dtype: "uint8", dims, data: copyBytes(bytes) };
    case "BOOL":
      return { dtype: "bool", dims, data: copyBytes(bytes) };
  }
}

/** Multiplies dims, refusing negative, fractional or overflowing sizes. */
export function checkedNumel(dims: unknown, limit: number, what: string): number {
  if (!Array.isArray(dims)) throw new CheckpointError("LAB102", `${what}: shape is not a list`, { tensor: what });
  let n = 1;
  for (const d of dims) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new CheckpointError("LAB102", `${what}: shape [${dims.join(", ")}] has an invalid dimension`, { tensor: what });
    }
    n *= d;
    if (n > limit) {
      throw new CheckpointError("LAB103", `${what}: shape [${dims.join(", ")}] overflows`, { tensor: what });
    }
  }
  return n;
}
