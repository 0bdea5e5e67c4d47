// Every bad checkpoint of issues 2 and 8 must end in a CheckpointError with the right code,
// quickly, without allocating what a lying header declares.
import { readFileSync } from "node:fs";
import { unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint, readPth, readSafetensors, writeSafetensors } from "@/lib/checkpoint";
import { onePth, PickleWriter, rawSafetensors, thrown, torchZip } from "./checkpoint-helpers";

const fixture = new Uint8Array(readFileSync("tests/fixtures/checkpoints/bare.pth"));
const small = writeSafetensors({
  a: { dtype: "float32", dims: [2, 3], data: new Float32Array(6).fill(1) },
  b: { dtype: "float32", dims: [4], data: new Float32Array(4).fill(2) },
});

function expectCode(code: string, f: () => unknown, tensor?: string): CheckpointError {
  const t0 = performance.now();
  const e = thrown(f);
  expect(performance.now() - t0, "bad input must fail fast").toBeLessThan(2000);
  expect(e, String(e)).toBeInstanceOf(CheckpointError);
  const ce = e as CheckpointError;
  expect(ce.code, ce.message).toBe(code);
  expect(ce.remedy.length).toBeGreaterThan(20);
  if (tensor) expect(ce.tensor).toBe(tensor);
  return ce;
}

const f32 = (n: number) => new Uint8Array(new Float32Array(n).buffer);

describe("bad safetensors", () => {
  it("empty and tiny files", () => {
    expectCode("LAB101", () => loadCheckpoint(new Uint8Array(0), "x.safetensors"));
    expectCode("LAB101", () => readSafetensors(new Uint8Array(5)));
  });

  it("truncated anywhere: in the header or in the data", () => {
    for (const cut of [9, 20, small.length - 30, small.length - 1]) {
      expectCode("LAB101", () => loadCheckpoint(small.subarray(0, cut)));
    }
  });

  it("a huge declared header length is refused before reading it", () => {
    const b = new Uint8Array(16);
    new DataView(b.buffer).setUint32(0, 0xffffffff, true);
    new DataView(b.buffer).setUint32(4, 0xffff, true);
    b[8] = 0x7b;
    expectCode("LAB102", () => readSafetensors(b));
  });

  it("header that is not JSON, not an object, or not UTF-8", () => {
    expectCode("LAB102", () => readSafetensors(rawSafetensors({}, new Uint8Array()).fill(0x7b, 8)));
    expectCode("LAB102", () => readSafetensors(rawSafetensors([1, 2], new Uint8Array())));
    const bad = rawSafetensors({ a: 1 }, new Uint8Array());
    bad[9] = 0xff;
    expectCode("LAB102", () => readSafetensors(bad));
    expectCode("LAB102", () => readSafetensors(rawSafetensors({ __metadata__: { n: 1 } }, new Uint8Array())));
  });

  it("unsupported dtype names the tensor", () => {
    expectCode("LAB104", () => readSafetensors(rawSafetensors({ w: { dtype: "F8_E4M3", shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1))), "w");
    expectCode("LAB104", () => readSafetensors(rawSafetensors({ w: { shape: [1], data_offsets: [0, 4] } }, f32(1))), "w");
  });

  it("offsets that lie: overlapping, backwards, size mismatch, past the end", () => {
    const two = (a: number[], b: number[]) => ({
      a: { dtype: "F32", shape: [2], data_offsets: a },
      b: { dtype: "F32", shape: [2], data_offsets: b },
    });
    expectCode("LAB103", () => readSafetensors(rawSafetensors(two([0, 8], [4, 12]), f32(4))), "b");
    expectCode("LAB103", () => readSafetensors(rawSafetensors(two([8, 0], [8, 16]), f32(4))), "a");
    expectCode("LAB103", () => readSafetensors(rawSafetensors(two([0, 12], [12, 16]), f32(4))), "a");
    expectCode("LAB101", () => readSafetensors(rawSafetensors(two([0, 8], [2 ** 40, 2 ** 40 + 8]), f32(4))), "b");
  });

  it("shapes that lie or overflow are caught before allocation", () => {
    const one = (shape: unknown, off = [0, 16]) => rawSafetensors({ w: { dtype: "F32", shape, data_offsets: off } }, f32(4));
    expectCode("LAB103", () => readSafetensors(one([2 ** 30, 2 ** 30, 2 ** 30])), "w");
    expectCode("LAB101", () => readSafetensors(one([1e6, 1e6], [0, 4e12])), "w");
    expectCode("LAB103", () => readSafetensors(one([5])), "w");
    expectCode("LAB102", () => readSafetensors(one([-4])), "w");
    expectCode("LAB102", () => readSafetensors(one([1.5])), "w");
    expectCode("LAB102", () => readSafetensors(one("4")), "w");
  });

  it("ONNX and other files are refused with the accepted formats", () => {
    const onnx = new Uint8Array([0x08, 0x09, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74]);
    expect(expectCode("LAB109", () => loadCheckpoint(onnx, "model.onnx")).message).toMatch(/ONNX/);
    expect(expectCode("LAB109", () => loadCheckpoint(new TextEncoder().encode("<html>not found</html>"))).remedy).toMatch(/safetensors/);
    const lfs = "version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize 127359045\n";
    expect(expectCode("LAB109", () => loadCheckpoint(new TextEncoder().encode(lfs))).remedy).toMatch(/git lfs pull/);
    expect(expectCode("LAB109", () => loadCheckpoint(new PickleWriter().emptyDict().bytes())).remedy).toMatch(/torch >= 1.6/);
  });
});

describe("bad .pth", () => {
  it("truncated anywhere", () => {
    for (const cut of [4, 100, fixture.length >> 1, fixture.length - 10]) {
      const e = thrown(() => loadCheckpoint(fixture.subarray(0, cut)));
      expect(e).toBeInstanceOf(CheckpointError);
      expect(["LAB101", "LAB111"]).toContain((e as CheckpointError).code);
    }
  });

  it("a pickle cut short ends with LAB101", () => {
    const files = unzipSync(fixture);
    const name = Object.keys(files).find((n) => n.endsWith("data.pkl"))!;
    files[name] = files[name].subarray(0, files[name].length >> 1);
    expectCode("LAB101", () => readPth(zipSync(files, { level: 0 })));
  });

  it("a storage shorter than its declared element count", () => {
    const files = unzipSync(fixture);
    const name = Object.keys(files).find((n) => n.endsWith("data/0"))!;
    files[name] = files[name].subarray(0, 8);
    expectCode("LAB103", () => readPth(zipSync(files, { level: 0 })));
  });

  it("tensor views that read past their storage, or lie about strides, offsets and sizes", () => {
    const v = new Float32Array(6).fill(1);
    expect(readPth(onePth("w", v, { offset: 0, size: [2, 3], stride: [3, 1] })).get("w")!.dims).toEqual([2, 3]);
    expectCode("LAB103", () => readPth(onePth("w", v, { offset: 1, size: [2, 3], stride: [3, 1] })));
    expectCode("LAB103", () => readPth(onePth("w", v, { offset: 0, size: [3, 3], stride: [1, 3] })));
    expectCode("LAB103", () => readPth(onePth("w", v, { offset: 0, size: [100000, 100000], stride: [0, 0] })));
    expectCode("LAB103", () => readPth(onePth("w", v, { offset: 0, size: [2], stride: [1], numel: 1000 })));
    expectCode("LAB102", () => readPth(onePth("w", v, { offset: 0, size: [2, 3], stride: [1] })));
  });

  it("one tensor referenced under thousands of keys cannot multiply memory", () => {
    const w = new PickleWriter().emptyDict().str("model").emptyDict().str("k0");
    w.tensor({ storageType: "FloatStorage", key: "0", numel: 1000, offset: 0, size: [1000], stride: [1] }).op(0x71, 0).setitem();
    for (let i = 1; i < 3000; i++) w.str(`k${i}`).op(0x68, 0).setitem();
    const z = torchZip(w.setitem().bytes(), { "0": new Uint8Array(4000) });
    expectCode("LAB103", () => readPth(z));
  });

  it("a zip whose directory declares a huge uncompressed size (zip bomb) is refused before inflating", () => {
    const z = torchZip(new PickleWriter().emptyDict().bytes(), { "0": new Uint8Array(1000) }, 6);
    const cd = z.lastIndexOf(0x02, z.length - 22);
    // Patch every central-directory entry's uncompressed size to 4 GB - 1.
    for (let i = 0; i + 46 < z.length; i++) {
      if (z[i] === 0x50 && z[i + 1] === 0x4b && z[i + 2] === 0x01 && z[i + 3] === 0x02) z.set([255, 255, 255, 254], i + 24);
    }
    expect(cd).toBeGreaterThan(0);
    expectCode("LAB103", () => readPth(z));
  });

  it("end-of-directory records declaring far more entries than the file can hold", () => {
    const plain = zipSync({ "a/data.pkl": new PickleWriter().emptyDict().bytes() }, { level: 0 });
    plain.set([0xff, 0xff, 0xff, 0xff], plain.length - 22 + 8);
    expectCode("LAB111", () => readPth(plain));
    // torch writes zip64 records; their entry count is the one that counts.
    const z = new Uint8Array(fixture);
    const z64 = z.findLastIndex((_, i) => z[i] === 0x50 && z[i + 1] === 0x4b && z[i + 2] === 0x06 && z[i + 3] === 0x06);
    expect(z64).toBeGreaterThan(0);
    z.set([0xff, 0xff, 0xff, 0x7f], z64 + 32);
    expectCode("LAB111", () => readPth(z));
  });

  it("globals outside the allowlist, reached through REDUCE or STACK_GLOBAL", () => {
    const viaGlobal = new PickleWriter().global("builtins", "eval").str("1").op(0x85).reduce().bytes();
    expect(expectCode("LAB110", () => readPth(torchZip(viaGlobal, {}))).message).toMatch(/builtins\.eval/);
    const viaStack = new PickleWriter().str("subprocess").str("Popen").op(0x93).bytes();
    expect(expectCode("LAB110", () => readPth(torchZip(viaStack, {}))).message).toMatch(/subprocess\.Popen/);
  });

  it("a legacy (non-zip) torch pickle and a zip without data.pkl", () => {
    expectCode("LAB109", () => readPth(new PickleWriter().emptyDict().bytes()));
    expectCode("LAB109", () => readPth(zipSync({ "x/readme.txt": new Uint8Array(3) })));
  });

  it("big-endian storages (torch's byteorder record) are refused, not misread", () => {
    const files = unzipSync(fixture);
    const top = Object.keys(files)[0].split("/")[0];
    files[`${top}/byteorder`] = new TextEncoder().encode("big");
    expectCode("LAB104", () => readPth(zipSync(files, { level: 0 })));
    files[`${top}/byteorder`] = new TextEncoder().encode("little");
    expect(readPth(zipSync(files, { level: 0 })).size).toBe(9);
  });

  it("a pickle without tensors", () => {
    expectCode("LAB112", () => readPth(torchZip(new PickleWriter().emptyDict().str("epoch").int(3).setitem().bytes(), {})));
  });
});
