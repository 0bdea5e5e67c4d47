// foldBatchNorm's inPlace mode (the browser's compile, which drops its state dict right after): the same graph and
// logits as the copying mode, bit for bit, with the folded weights scaled inside the state dict's own arrays, and
// tensors that share bytes (views of one storage in a checkpoint) still folded once each.
import { describe, expect, it } from "vitest";
import { randomStateDict } from "../../lib/checkpoint/random";
import type { StateDict } from "../../lib/checkpoint/types";
import { buildNextViT } from "../../lib/nextvit/build";
import { nextvitPreset } from "../../lib/nextvit/config";
import { nextvitParamSpec } from "../../lib/nextvit/spec";
import { encodeModel } from "../../lib/onnx/encode";
import { runOnnx } from "../helpers/ort-node";

const cfg = nextvitPreset("S", { numClasses: 10 });
const SIZE = 64;
const input = { dims: [1, 3, SIZE, SIZE], data: Float32Array.from({ length: 3 * SIZE * SIZE }, (_, i) => Math.sin(i * 0.017) + Math.cos(i * 0.0011)) };

/** Random weights with BN statistics far from the identity, so every fold changes the numbers. */
function weights(): StateDict {
  const sd = randomStateDict(nextvitParamSpec(cfg), 11);
  let s = 11;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (const [k, t] of sd) {
    if (k.endsWith("running_mean")) t.data = Float32Array.from(t.data as Float32Array, () => (rnd() - 0.5) * 0.4);
    if (k.endsWith("running_var")) t.data = Float32Array.from(t.data as Float32Array, () => 0.5 + rnd());
  }
  return sd;
}

/** Bitwise equality of two float arrays (vitest's toEqual walks 30 M elements far too slowly). */
const same = (a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }, b: typeof a) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const logits = async (sd: StateDict, consumeWeights: boolean) => {
  const graph = buildNextViT(cfg, sd, { height: SIZE, width: SIZE, fold: true, consumeWeights });
  return { graph, logits: (await runOnnx(encodeModel(graph), { input })).logits.data as Float32Array };
};

describe("foldBatchNorm in place", () => {
  it("gives the copying fold's logits exactly, scaling the state dict's own arrays", async () => {
    const kept = weights();
    const floats = [...kept].filter(([, t]) => t.data instanceof Float32Array);
    const before = new Map(floats.map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
    const copy = await logits(kept, false);
    for (const [k, t] of floats) expect(same(t.data as Float32Array, before.get(k)!), k).toBe(true); // the copying fold leaves its input alone

    const given = weights();
    const inPlace = await logits(given, true);
    expect(inPlace.logits).toEqual(copy.logits);
    for (const name of ["stem.0.conv.weight", "features.8.mlp.conv1.weight"]) {
      expect(inPlace.graph.initializers.get(name)!.data, name).toBe(given.get(name)!.data); // no copy made
      expect(same(given.get(name)!.data as Float32Array, before.get(name)!), name).toBe(false); // and it was scaled
      expect(same(inPlace.graph.initializers.get(name)!.data as Float32Array, copy.graph.initializers.get(name)!.data as Float32Array), name).toBe(true);
    }
  }, 120_000);

  it("copies tensors whose bytes another tensor shares instead of scaling them twice", async () => {
    const tie = (sd: StateDict) => {
      const a = sd.get("features.8.mlp.conv1.weight")!, b = sd.get("features.9.mlp.conv1.weight")!;
      expect(b.dims).toEqual(a.dims);
      b.data = a.data; // one storage, two tensors (as a .pth may hold them)
      return sd;
    };
    const copy = await logits(tie(weights()), false);
    const inPlace = await logits(tie(weights()), true);
    expect(inPlace.logits).toEqual(copy.logits);
  }, 120_000);
});
