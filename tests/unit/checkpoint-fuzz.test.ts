// Property-based fuzzing of the two parsers that read untrusted bytes: whatever the input,
// the result is a state dict or a CheckpointError — never another exception, never a hang.
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint, readPth, readSafetensors, writeSafetensors } from "@/lib/checkpoint";
import { rawSafetensors, torchZip } from "./checkpoint-helpers";

const PER_CASE_MS = 1000;

function safely(f: () => unknown): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
  }
  const ms = performance.now() - t0;
  if (ms > PER_CASE_MS) throw new Error(`case took ${ms.toFixed(0)} ms`);
}

/** The nextvit-mini file cut to its first ~64 KB and re-headed so the cut file is valid. */
function miniHead(): Uint8Array {
  const bytes = new Uint8Array(readFileSync("tests/fixtures/nextvit-mini/nextvit-mini.official.safetensors"));
  const n = new DataView(bytes.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const keep: Record<string, unknown> = { __metadata__: header.__metadata__ };
  let end = 0;
  for (const [k, v] of Object.entries(header) as [string, { data_offsets: number[] }][]) {
    if (k !== "__metadata__" && v.data_offsets[1] <= 16_384) {
      keep[k] = v;
      end = Math.max(end, v.data_offsets[1]);
    }
  }
  return rawSafetensors(keep, bytes.subarray(8 + n, 8 + n + end));
}

const seeds: Uint8Array[] = [
  miniHead(),
  writeSafetensors(
    {
      a: { dtype: "float32", dims: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
      b: { dtype: "int64", dims: [2], data: new BigInt64Array([7n, -8n]) },
      c: { dtype: "uint8", dims: [], data: new Uint8Array([9]) },
    },
    { note: "seed" },
  ),
];

/** Byte-level mutations: flips, overwrites with interesting values, cuts, splices. */
function mutated(seedsArb: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x22, 0x2c, 0x5b, 0x7b, 0x7d, 0x30, 0x39) }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), value: fc.constant(0) }),
    fc.record({ kind: fc.constant("dup" as const), at: fc.nat(), value: fc.integer({ min: 1, max: 64 }) }),
  );
  return fc.tuple(seedsArb, fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => {
    let b = new Uint8Array(seed);
    for (const e of edits) {
      if (b.length === 0) break;
      const at = e.at % b.length;
      if (e.kind === "set") b[at] = e.value;
      else if (e.kind === "flip") b[at] ^= 1 << e.value;
      else if (e.kind === "cut") b = b.subarray(0, at);
      else b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at, at + e.value), ...b.subarray(at)]);
    }
    return b;
  });
}

/** Mutations aimed at the JSON header: its text is edited, the length field kept consistent. */
function headerMutated(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = new DataView(seed.buffer, seed.byteOffset).getUint32(0, true);
  const text = new TextDecoder().decode(seed.subarray(8, 8 + n));
  const data = seed.subarray(8 + n);
  const token = fc.constantFrom("-1", "1e308", "18446744073709551616", "9007199254740993", "null", "[]", "{}", '"F8"', '"I64"', "0", "4294967296", ",", "]", "}");
  return fc.tuple(fc.nat(text.length), fc.nat(12), token).map(([at, len, tok]) => {
    const t = text.slice(0, at) + tok + text.slice(at + len);
    return buildRaw(t, data);
  });
}

function buildRaw(headerText: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("fuzz: safetensors parser", () => {
  it("byte-mutated and truncated files give a state dict or a CheckpointError", () => {
    fc.assert(fc.property(mutated(fc.constantFrom(...seeds)), (b) => safely(() => readSafetensors(b))), { numRuns: 1500 });
  });

  it("header-text mutations (huge, negative, overflowing numbers; broken JSON)", () => {
    fc.assert(
      fc.property(fc.oneof(headerMutated(seeds[0]), headerMutated(seeds[1])), (b) => safely(() => loadCheckpoint(b))),
      { numRuns: 1500 },
    );
  });

  it("arbitrary generated headers over arbitrary data", () => {
    const dim = fc.oneof(fc.nat(8), fc.constantFrom(-1, 0.5, 2 ** 31, 2 ** 53, 1e300));
    const entry = fc.record({
      dtype: fc.constantFrom("F32", "F16", "BF16", "F64", "I64", "I32", "U8", "BOOL", "I8", "C64", 3),
      shape: fc.array(dim, { maxLength: 4 }),
      data_offsets: fc.tuple(fc.nat(80), fc.nat(80)),
    });
    const header = fc.dictionary(fc.string({ maxLength: 6 }), entry, { maxKeys: 5 });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 80 }), (h, d) => safely(() => readSafetensors(rawSafetensors(h, d)))),
      { numRuns: 1500 },
    );
  });

  it("random bytes with a plausible length prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(300), (body, n) => {
        const b = new Uint8Array(8 + body.length);
        new DataView(b.buffer).setUint32(0, n, true);
        b.set(body, 8);
        safely(() => loadCheckpoint(b));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("fuzz: torch zip + pickle parser", () => {
  const pths = ["tiny_train.pth", "views.pth", "protocol4.pth", "deflated.pth"].map(
    (n) => new Uint8Array(readFileSync(`tests/fixtures/checkpoints/${n}`)),
  );
  // The pickles alone, re-zipped after mutation so the zip layer stays valid.
  const unpacked = pths.map((z) => {
    const files = unzipSync(z);
    const pkl = Object.keys(files).find((k) => k.endsWith("data.pkl"))!;
    const storages: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) if (k.includes("/data/")) storages[k.split("/").pop()!] = v;
    return { pkl: files[pkl], storages };
  });

  it("mutated pickles give a state dict or a CheckpointError", () => {
    const arb = fc.nat(unpacked.length - 1).chain((i) =>
      mutated(fc.constant(unpacked[i].pkl)).map((pkl) => torchZip(pkl, unpacked[i].storages)),
    );
    fc.assert(fc.property(arb, (z) => safely(() => readPth(z))), { numRuns: 2000 });
  });

  it("random opcode streams", () => {
    const ops = fc.array(fc.constantFrom(0x28, 0x7d, 0x5d, 0x29, 0x74, 0x85, 0x86, 0x4e, 0x88, 0x4b, 0x4a, 0x8c, 0x58, 0x71, 0x68, 0x94,
      0x30, 0x31, 0x32, 0x73, 0x75, 0x61, 0x65, 0x52, 0x81, 0x62, 0x51, 0x93, 0x2e, 0x00, 0x05, 0xff), { maxLength: 60 });
    fc.assert(
      fc.property(ops, (o) => safely(() => readPth(torchZip(new Uint8Array([0x80, 2, ...o]), { "0": new Uint8Array(16) })))),
      { numRuns: 1500 },
    );
  });

  it("mutated whole zip files (directory, local headers, deflate streams)", () => {
    fc.assert(fc.property(mutated(fc.constantFrom(...pths)), (z) => safely(() => loadCheckpoint(z))), { numRuns: 1500 });
  });

  it("keeps reading the unmutated seeds (the fuzz targets are live)", () => {
    for (const z of pths) expect(readPth(z).size).toBeGreaterThan(0);
    for (const s of seeds) expect(readSafetensors(s).tensors.size).toBeGreaterThan(0);
  });
});
