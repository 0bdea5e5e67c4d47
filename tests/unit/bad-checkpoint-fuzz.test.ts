// Property-based fuzzing of the checkpoint parsers (issue 8): thousands of hostile files built
// from real ones by truncation, bit flips, lying JSON headers and random pickle opcodes. Each
// must end in a CheckpointError or a state dict whose tensors fit the bytes given; nothing else
// may escape (no TypeError, RangeError, hang), and nothing is allocated beyond the input's size.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint, writeSafetensors } from "@/lib/checkpoint";
import { rawSafetensors, torchZip } from "./checkpoint-helpers";

const RUNS = 2000;

/** Runs the parser; returns the total bytes it produced (0 on a CheckpointError). */
function parse(bytes: Uint8Array): number {
  try {
    let out = 0;
    for (const t of loadCheckpoint(bytes, "fuzz").values()) {
      const n = t.dims.reduce((a, b) => a * b, 1);
      expect(t.data.length).toBe(n);
      out += (t.data as { byteLength: number }).byteLength;
    }
    return out;
  } catch (e) {
    if (e instanceof CheckpointError) return 0;
    throw e;
  }
}

// float16 widens to float32 and int8 to int32: at most 4× the input, plus nothing.
function bounded(input: Uint8Array, produced: number): void {
  expect(produced).toBeLessThanOrEqual(4 * input.length);
}

const valid = writeSafetensors(
  {
    a: { dtype: "float32", dims: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 7) },
    b: { dtype: "int64", dims: [2], data: new BigInt64Array([1n, -2n]) },
    c: { dtype: "float32", dims: [], data: new Float32Array([0.5]) },
  },
  { format: "pt" },
);
const pths = ["bare", "deflated", "views", "protocol4"].map((n) => new Uint8Array(readFileSync(`tests/fixtures/checkpoints/${n}.pth`)));

const mutate = (src: Uint8Array) =>
  fc.record({ cut: fc.nat(src.length), flips: fc.array(fc.tuple(fc.nat(src.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }) }).map(({ cut, flips }) => {
    const b = src.slice(0, Math.max(cut, 1));
    for (const [at, v] of flips) if (at < b.length) b[at] = v;
    return b;
  });

describe("checkpoint parsers under fuzzing (fast-check)", () => {
  it(`random bytes (${RUNS} cases)`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => bounded(b, parse(b))), { numRuns: RUNS });
  });

  it(`safetensors: truncations and byte flips of a valid file (${RUNS} cases)`, () => {
    fc.assert(fc.property(mutate(valid), (b) => bounded(b, parse(b))), { numRuns: RUNS });
  });

  it(`safetensors: headers that lie about dtype, shape and offsets (${RUNS} cases)`, () => {
    const dim = fc.oneof(fc.nat(8), fc.constantFrom(-1, 2 ** 31, 2 ** 53, 1e300, 0.5), fc.string({ maxLength: 2 }));
    const entry = fc.record({
      dtype: fc.constantFrom("F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "X9", ""),
      shape: fc.oneof(fc.array(dim, { maxLength: 4 }), fc.constant(null), fc.string()),
      data_offsets: fc.oneof(fc.tuple(fc.nat(80), fc.nat(80)), fc.tuple(fc.integer(), fc.integer()), fc.array(fc.nat(80), { maxLength: 3 })),
    });
    const header = fc.dictionary(fc.oneof(fc.constantFrom("__metadata__", "w"), fc.string({ maxLength: 6 })), fc.oneof(entry, fc.jsonValue()), { maxKeys: 5 });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 64 }), (h, data) => {
        const b = rawSafetensors(h, data);
        bounded(b, parse(b));
      }),
      { numRuns: RUNS },
    );
  });

  it(`.pth: truncations and byte flips of real torch.save files (${RUNS} cases)`, () => {
    fc.assert(fc.property(fc.nat(pths.length - 1).chain((i) => mutate(pths[i])), (b) => bounded(b, parse(b))), { numRuns: RUNS });
  });

  it(`.pth: random pickle programs inside a torch zip (${RUNS} cases)`, () => {
    // Real opcodes (with random operands) more often than random bytes, so the VM gets deep.
    const ops = [0x28, 0x29, 0x2e, 0x30, 0x4b, 0x4a, 0x4d, 0x51, 0x52, 0x58, 0x5d, 0x61, 0x62, 0x63, 0x65, 0x68, 0x71, 0x72, 0x73, 0x74, 0x75, 0x7d, 0x80, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x8e, 0x93, 0x94, 0x95];
    const token = fc.oneof(fc.constantFrom(...ops), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), fc.uint8Array({ maxLength: 64 }), (prog, storage) => {
        const b = torchZip(new Uint8Array([0x80, 2, ...prog]), { "0": storage });
        bounded(b, parse(b));
      }),
      { numRuns: RUNS },
    );
  });
});
