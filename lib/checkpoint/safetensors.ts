// safetensors: 8-byte little-endian header length, a JSON header, then raw tensor bytes.
// Every size in the header is checked against the real byte length before anything is
// allocated, so a lying header costs nothing but an error.
import type { Tensor } from "../onnx/ir";
import { numel } from "../onnx/ir";
import { checkedNumel, decodeRaw, isRawDType, RAW_DTYPE_SIZE, type RawDType } from "./dtypes";
import { CheckpointError } from "./errors";
import type { StateDict } from "./types";

// The reference implementation refuses headers above 100 MB; so do we.
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsFile {
  tensors: StateDict;
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  raw: RawDType;
  dims: number[];
  begin: number;
  end: number;
}

export function readSafetensorsHeaderLength(bytes: Uint8Array): number {
  if (bytes.length < 8) throw new CheckpointError("LAB101", `only ${bytes.length} bytes, fewer than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  const n = hi * 2 ** 32 + lo;
  if (n > MAX_HEADER_BYTES) throw new CheckpointError("LAB102", `declared header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + n > bytes.length) {
    throw new CheckpointError("LAB101", `header declares ${n} bytes but the file has only ${bytes.length - 8} after the length`);
  }
  return n;
}

function parseHeader(bytes: Uint8Array, n: number): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new CheckpointError("LAB102", "header is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError("LAB102", `header is not valid JSON (${(e as Error).message.slice(0, 80)})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new CheckpointError("LAB102", "header is not a JSON object");
  }
  return json as Record<string, unknown>;
}

function parseMetadata(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new CheckpointError("LAB102", "__metadata__ is not an object");
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== "string") throw new CheckpointError("LAB102", `__metadata__.${k} is not a string`);
    out[k] = s;
  }
  return out;
}

function parseEntry(name: string, v: unknown, dataLength: number): Entry {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new CheckpointError("LAB102", `entry ${JSON.stringify(name)} is not an object`, { tensor: name });
  }
  const e = v as Record<string, unknown>;
  if (!isRawDType(e.dtype)) {
    throw new CheckpointError("LAB104", `tensor ${name} has dtype ${JSON.stringify(e.dtype)}`, { tensor: name });
  }
  const size = RAW_DTYPE_SIZE[e.dtype];
  // Products stay exact below 2^53; sizes are compared with the offsets, never allocated first.
  const count = checkedNumel(e.shape, Math.floor(Number.MAX_SAFE_INTEGER / 8), name);
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((x) => Number.isSafeInteger(x) && x >= 0)) {
    throw new CheckpointError("LAB102", `tensor ${name}: data_offsets must be two non-negative integers`, { tensor: name });
  }
  const [begin, end] = off as [number, number];
  if (begin > end) {
    throw new CheckpointError("LAB103", `tensor ${name}: data_offsets [${begin}, ${end}] run backwards`, { tensor: name });
  }
  if (end - begin !== count * size) {
    throw new CheckpointError(
      "LAB103",
      `tensor ${name}: shape [${(e.shape as number[]).join(", ")}] of ${e.dtype} needs ${count * size} bytes, offsets give ${end - begin}`,
      { tensor: name },
    );
  }
  return { name, raw: e.dtype, dims: (e.shape as number[]).slice(), begin, end };
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const n = readSafetensorsHeaderLength(bytes);
  const header = parseHeader(bytes, n);
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata = parseMetadata(header.__metadata__);
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name !== "__metadata__") entries.push(parseEntry(name, v, dataLength));
  }
  const last = entries.reduce((a, e) => (e.end > a.end ? e : a), { end: 0, name: "" });
  if (last.end > dataLength) {
    throw new CheckpointError(
      "LAB101",
      `the header places tensor ${last.name} up to data byte ${last.end}, the file has ${dataLength} (truncated, or a header that lies)`,
      { tensor: last.name },
    );
  }
  const sorted = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].begin < sorted[i - 1].end) {
      throw new CheckpointError("LAB103", `tensors ${sorted[i - 1].name} and ${sorted[i].name} overlap`, { tensor: sorted[i].name });
    }
  }
  const tensors: StateDict = new Map();
  for (const e of entries) {
    tensors.set(e.name, decodeRaw(bytes.subarray(dataStart + e.begin, dataStart + e.end), e.raw, e.dims));
  }
  return { tensors, metadata };
}

const WRITE_DTYPE: Record<Tensor["dtype"], RawDType> = {
  float32: "F32", float16: "F16", int64: "I64", int32: "I32", uint8: "U8", bool: "BOOL",
};

export function writeSafetensors(
  tensors: StateDict | Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of list) {
    if (name === "__metadata__") throw new Error("a tensor cannot be named __metadata__");
    const raw = WRITE_DTYPE[t.dtype];
    const bytes = numel(t.dims) * RAW_DTYPE_SIZE[raw];
    if (t.data.byteLength !== bytes) throw new Error(`tensor ${name}: ${t.data.byteLength} bytes for ${t.dtype} [${t.dims}]`);
    header[name] = { dtype: raw, shape: t.dims, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const [, t] of list) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}
