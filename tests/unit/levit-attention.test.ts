// LeViT's own view: the per-head bias as a function of the offset, and attention maps for a
// query. With the queries zeroed the logits are the bias alone, so the attention map the graph
// outputs must be the softmax of the offset map read around the query position.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { levitPreset } from "../../lib/levit/config";
import { buildLeViT } from "../../lib/levit/build";
import { attentionBiasIndex, biasOffsetMap } from "../../lib/levit/bias";
import { encodeModel } from "../../lib/onnx/encode";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/levit128s-mini";

describe("LeViT attention biases and maps", () => {
  it("the offset map and the gather index read the same table entries", () => {
    const r = 4;
    const table = Float32Array.from({ length: 2 * r * r }, (_, i) => i * 0.5 - 3);
    const idx = attentionBiasIndex(r);
    const map = biasOffsetMap(table, 2, r, 1);
    expect(map.side).toBe(7);
    for (let q = 0; q < r * r; q++)
      for (let k = 0; k < r * r; k++) {
        const dy = Math.floor(k / r) - Math.floor(q / r), dx = (k % r) - (q % r);
        expect(map.data[(dy + r - 1) * 7 + dx + r - 1]).toBe(table[r * r + idx[q * r * r + k]]);
      }
    // subsampled queries sit at twice their grid coordinates on the key grid
    expect(attentionBiasIndex(7, 4, 2)[(3 * 4 + 1) * 49 + 0]).toBe(6 * 7 + 2);
  });

  it("with zero queries, blocks.0's attention is softmax of the bias around the query", async () => {
    const cfg = levitPreset("128S", { numClasses: 10 });
    const sd = readSafetensors(readFileSync(`${DIR}/levit128s-mini.official.safetensors`)).tensors;
    const io = readSafetensors(readFileSync(`${DIR}/levit128s-mini.io.224x224.safetensors`)).tensors;
    // q rows of the per-head interleaved qkv: [q 16 | k 16 | v 32] per head; zero their BN scale and shift
    for (const key of ["weight", "bias"]) {
      const t = sd.get(`blocks.0.m.qkv.bn.${key}`)!;
      const data = Float32Array.from(t.data as Float32Array);
      for (let h = 0; h < 4; h++) data.fill(0, h * 64, h * 64 + 16);
      sd.set(`blocks.0.m.qkv.bn.${key}`, { ...t, data });
    }
    const g = buildLeViT(cfg, sd, { height: 224, width: 224, taps: [], attentionMaps: true });
    const input = io.get("input")!;
    const out = await runOnnx(encodeModel(g), { input: { dims: input.dims, data: input.data as Float32Array } });
    const attn = out["blocks.0.attention"];
    expect(attn.dims).toEqual([1, 4, 196, 196]);
    const table = sd.get("blocks.0.m.attention_biases")!.data as Float32Array;
    for (const [head, qy, qx] of [[0, 0, 0], [2, 7, 3], [3, 13, 13]]) {
      const map = biasOffsetMap(table, 4, 14, head);
      const logits = Array.from({ length: 196 }, (_, k) => map.data[(Math.floor(k / 14) - qy + 13) * 27 + (k % 14) - qx + 13]);
      const m = Math.max(...logits);
      const z = logits.reduce((s, v) => s + Math.exp(v - m), 0);
      const row = attn.data.subarray((head * 196 + qy * 14 + qx) * 196, (head * 196 + qy * 14 + qx + 1) * 196);
      logits.forEach((v, k) => expect(row[k]).toBeCloseTo(Math.exp(v - m) / z, 6));
    }
  }, 60_000);
});
