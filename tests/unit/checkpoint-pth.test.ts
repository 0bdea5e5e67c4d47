import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint, readPth } from "@/lib/checkpoint";

const dir = "tests/fixtures/checkpoints/";
const file = (n: string) => new Uint8Array(readFileSync(dir + n));

// make_pth.py fills every tensor with ramp(i) = (i % 97) / 8 - 6 over its logical row-major index.
const ramp = (n: number) => Array.from({ length: n }, (_, i) => (i % 97) / 8 - 6);
// The 6x8 base tensor the views were cut from.
const base = (r: number, c: number) => ramp(48)[r * 8 + c];

const TINY_KEYS: [string, number[]][] = [
  ["conv.weight", [4, 3, 3, 3]],
  ["conv.bias", [4]],
  ["bn.weight", [4]],
  ["bn.bias", [4]],
  ["bn.running_mean", [4]],
  ["bn.running_var", [4]],
  ["bn.num_batches_tracked", []],
  ["fc.weight", [5, 4]],
  ["fc.bias", [5]],
];

function expectTiny(name: string) {
  const sd = readPth(file(name));
  expect([...sd.keys()]).toEqual(TINY_KEYS.map(([k]) => k));
  for (const [k, dims] of TINY_KEYS) expect(sd.get(k)!.dims, k).toEqual(dims);
  expect(Array.from(sd.get("conv.weight")!.data as Float32Array)).toEqual(ramp(108));
  expect(Array.from(sd.get("fc.weight")!.data as Float32Array)).toEqual(ramp(20));
  expect(Array.from(sd.get("bn.running_var")!.data as Float32Array)).toEqual(ramp(4).map((v) => Math.abs(v) + 1));
  const nbt = sd.get("bn.num_batches_tracked")!;
  expect(nbt.dtype).toBe("int64");
  expect(nbt.data).toEqual(new BigInt64Array([0n]));
}

describe("readPth on real torch.save files", () => {
  it("unwraps a training checkpoint's model (args Namespace, numpy scalar, epoch alongside)", () => expectTiny("tiny_train.pth"));
  it("reads a bare state dict", () => expectTiny("bare.pth"));
  it("strips DataParallel's module. prefix", () => expectTiny("module_prefix.pth"));
  it("falls back to model_ema", () => expectTiny("ema.pth"));
  it("reads pickle protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL)", () => expectTiny("protocol4.pth"));
  it("reads a deflated zip with another top folder", () => expectTiny("deflated.pth"));

  it("converts fp16/bf16/f64 to float32, keeps ints, and copies non-contiguous views", () => {
    const sd = readPth(file("views.pth"));
    const f = (k: string) => Array.from(sd.get(k)!.data as Float32Array);
    expect(sd.get("half")!.dtype).toBe("float32");
    expect(f("half")).toEqual(ramp(6));
    expect(sd.get("transposed")!.dims).toEqual([8, 6]);
    const transposed = [];
    for (let r = 0; r < 8; r++) for (let c = 0; c < 6; c++) transposed.push(base(c, r));
    expect(f("transposed")).toEqual(transposed);
    const strided = [];
    for (const r of [0, 2, 4]) for (const c of [1, 4, 7]) strided.push(base(r, c));
    expect(f("strided")).toEqual(strided);
    expect(f("offset_row")).toEqual(ramp(48).slice(16, 24));
    expect(f("bf16")).toEqual(ramp(5));
    expect(f("double")).toEqual(ramp(4));
    expect(sd.get("long")!.data).toEqual(new BigInt64Array([1n, -2n, 3_000_000_000n]));
    expect(sd.get("int")!.data).toEqual(new Int32Array([4, -5]));
    expect(sd.get("bool")!.dtype).toBe("bool");
    expect(Array.from(sd.get("bool")!.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(sd.get("scalar")!.dims).toEqual([]);
    expect(f("scalar")).toEqual([2.5]);
    // Tied weights come back equal but never aliased: editing one leaves the other alone.
    expect(f("tied_a")).toEqual(ramp(3));
    (sd.get("tied_a")!.data as Float32Array)[0] = 99;
    expect(f("tied_b")).toEqual(ramp(3));
  });

  it("refuses a pickle that asks for os.system with LAB110 naming the global", () => {
    let err: unknown;
    try {
      readPth(file("evil_global.pth"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).code).toBe("LAB110");
    expect((err as CheckpointError).message).toMatch(/posix\.system|os\.system/);
  });

  it("loadCheckpoint detects the zip by magic bytes, whatever the file name", () => {
    expect(loadCheckpoint(file("bare.pth"), "weights.safetensors").get("fc.bias")!.dims).toEqual([5]);
  });
});
