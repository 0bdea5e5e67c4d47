// Test-only safetensors reader for the analysis tests (F32 and F16 tensors only). Kept independent
// of lib/checkpoint so the analysis tests do not depend on the checkpoint engineer's parser.
import { readFileSync } from "node:fs";

export interface FixtureTensor {
  dims: number[];
  data: Float32Array;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export function readFixtureTensors(path: string): Map<string, FixtureTensor> {
  const bytes = readFileSync(path);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const out = new Map<string, FixtureTensor>();
  for (const [name, e] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const [b, end] = e.data_offsets;
    const start = 8 + n + b;
    const count = e.shape.reduce((x, y) => x * y, 1);
    const data = new Float32Array(count);
    if (e.dtype === "F32") for (let i = 0; i < count; i++) data[i] = dv.getFloat32(start + 4 * i, true);
    else if (e.dtype === "F16") for (let i = 0; i < count; i++) data[i] = halfToFloat(dv.getUint16(start + 2 * i, true));
    else continue;
    if (end - b !== count * (e.dtype === "F32" ? 4 : 2)) throw new Error(`fixture tensor ${name}: byte length mismatch`);
    out.set(name, { dims: e.shape, data });
  }
  return out;
}
