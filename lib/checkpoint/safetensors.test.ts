import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../onnx/ir";
import { rawSafetensors } from "@/tests/unit/checkpoint-helpers";
import { readSafetensors, writeSafetensors } from "./safetensors";

describe("safetensors", () => {
  it("round-trips every dtype the IR has, with metadata", () => {
    const tensors: Record<string, Tensor> = {
      f32: { dtype: "float32", dims: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-30, -7]) },
      i64: { dtype: "int64", dims: [2], data: new BigInt64Array([-(2n ** 62n), 5n]) },
      i32: { dtype: "int32", dims: [1], data: new Int32Array([-9]) },
      u8: { dtype: "uint8", dims: [3], data: new Uint8Array([0, 128, 255]) },
      flag: { dtype: "bool", dims: [2], data: new Uint8Array([1, 0]) },
      scalar: { dtype: "float32", dims: [], data: new Float32Array([4]) },
      empty: { dtype: "float32", dims: [0, 5], data: new Float32Array(0) },
    };
    const bytes = writeSafetensors(tensors, { layout: "official" });
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + headerLength) % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ layout: "official" });
    expect([...back.tensors.keys()]).toEqual(Object.keys(tensors));
    for (const [k, t] of Object.entries(tensors)) expect(back.tensors.get(k), k).toEqual(t);
  });

  it("widens float16 (normals, subnormals, ±Inf, NaN) and bfloat16 to float32 exactly", () => {
    const halves = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x3555];
    // 0x3555: exponent 13, fraction 341 -> (1 + 341/1024) / 4.
    const expected = [1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, -0, Infinity, -Infinity, NaN, 1365 / 4096];
    const bf = [0x3f80, 0xc0a0, 0x7f80];
    const data = new Uint8Array(new Uint16Array([...halves, ...bf]).buffer);
    const file = rawSafetensors(
      {
        h: { dtype: "F16", shape: [halves.length], data_offsets: [0, 2 * halves.length] },
        b: { dtype: "BF16", shape: [3], data_offsets: [2 * halves.length, 2 * halves.length + 6] },
      },
      data,
    );
    const { tensors } = readSafetensors(file);
    expect(Array.from(tensors.get("h")!.data as Float32Array)).toEqual(expected);
    expect(Array.from(tensors.get("b")!.data as Float32Array)).toEqual([1, -5, Infinity]);
  });

  it("narrows F64 and widens I16/I8 to int32", () => {
    const f64 = new Uint8Array(new Float64Array([0.1, -3]).buffer);
    const i16 = new Uint8Array(new Int16Array([-300, 7]).buffer);
    const i8 = new Uint8Array(new Int8Array([-128, 127]).buffer);
    const data = new Uint8Array([...f64, ...i16, ...i8]);
    const { tensors } = readSafetensors(
      rawSafetensors(
        {
          d: { dtype: "F64", shape: [2], data_offsets: [0, 16] },
          s: { dtype: "I16", shape: [2], data_offsets: [16, 20] },
          c: { dtype: "I8", shape: [2], data_offsets: [20, 22] },
        },
        data,
      ),
    );
    expect(Array.from(tensors.get("d")!.data as Float32Array)).toEqual([Math.fround(0.1), -3]);
    expect(tensors.get("s")!.data).toEqual(new Int32Array([-300, 7]));
    expect(tensors.get("c")!.data).toEqual(new Int32Array([-128, 127]));
  });

  it("reads the official nextvit-mini fixture (float16) with its metadata, results not aliasing the input", () => {
    const bytes = new Uint8Array(readFileSync("tests/fixtures/nextvit-mini/nextvit-mini.official.safetensors"));
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata.depths).toBe("[1, 1, 5, 1]");
    expect(metadata.layout).toBe("official");
    const w = tensors.get("stem.0.conv.weight")!;
    expect(w.dims).toEqual([64, 3, 3, 3]);
    expect(w.dtype).toBe("float32");
    // Independent decode of the first element straight from the file's bytes.
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    const start = 8 + n + header["stem.0.conv.weight"].data_offsets[0];
    const h = bytes[start] | (bytes[start + 1] << 8);
    const exp = (h >> 10) & 31;
    const value = (h & 0x8000 ? -1 : 1) * (exp ? 1 + (h & 1023) / 1024 : (h & 1023) / 1024) * 2 ** ((exp || 1) - 15);
    expect((w.data as Float32Array)[0]).toBe(value);
    bytes.fill(0);
    expect((w.data as Float32Array)[0]).toBe(value);
  });
});
