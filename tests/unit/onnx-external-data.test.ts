// The browser's sessions get their weights as ONNX external data (encodeModelSplit, lib/runtime/session.ts), which
// spares onnxruntime-web two copies of the weights in its WASM heap at session start. The split must be the same
// model: every large initializer points at its exact bytes in `data`, nothing is left inline but small tensors, and
// onnxruntime-web (its WASM build, run here in Node as in the worker) gives the split graph's taps and logits bit
// for bit equal to the inline graph's.
import * as ort from "onnxruntime-web";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXTERNAL_DATA_FILE, encodeModel, encodeModelSplit, onnx } from "../../lib/onnx/encode";
import { configFromJson } from "../../lib/nextvit";
import { buildNextViT } from "../../lib/nextvit/build";
import { randomWeights } from "../../lib/runtime/build-model";

const tiny = JSON.parse(readFileSync("training/tests/fixtures/config-tiny.json", "utf8")) as Record<string, unknown>;
const cfg = configFromJson({ ...tiny, num_classes: 10 });
const size = 64;
const graph = buildNextViT(cfg, randomWeights(cfg, 3), { height: size, width: size, taps: "all", fold: true });

describe("ONNX external data for the browser's sessions", () => {
  it("moves every initializer of 1 KiB or more into `data`, each at its exact bytes", () => {
    const split = encodeModelSplit(graph);
    const m = onnx.ModelProto.decode(split.onnx);
    let covered = 0, external = 0;
    for (const t of m.graph!.initializer!) {
      const src = graph.initializers.get(t.name!)!;
      const bytes = new Uint8Array(src.data.buffer, src.data.byteOffset, src.data.byteLength);
      if (src.data.byteLength < 1024) {
        expect(t.dataLocation ?? 0).toBe(onnx.TensorProto.DataLocation.DEFAULT);
        expect(Array.from(t.rawData as Uint8Array)).toEqual(Array.from(bytes));
        continue;
      }
      external++;
      expect(t.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
      expect((t.rawData as Uint8Array | undefined)?.length ?? 0).toBe(0);
      const kv = Object.fromEntries(t.externalData!.map((e) => [e.key, e.value]));
      expect(kv.location).toBe(EXTERNAL_DATA_FILE);
      const off = Number(kv.offset), len = Number(kv.length);
      expect(len).toBe(bytes.length);
      expect(split.data.subarray(off, off + len)).toEqual(bytes);
      covered += len;
    }
    expect(external).toBeGreaterThan(10);
    expect(covered).toBe(split.data.byteLength); // back to back, nothing unreferenced
    expect(split.onnx.byteLength).toBeLessThan(split.data.byteLength / 4);
  });

  it("runs in onnxruntime-web with the same outputs as the inline graph", async () => {
    ort.env.wasm.numThreads = 1;
    const split = encodeModelSplit(graph);
    const opts = { executionProviders: ["wasm"], graphOptimizationLevel: "all" } as const;
    const inline = await ort.InferenceSession.create(encodeModel(graph), opts);
    const apart = await ort.InferenceSession.create(split.onnx, { ...opts, externalData: [{ path: EXTERNAL_DATA_FILE, data: split.data }] });
    const x = new Float32Array(3 * size * size).map((_, i) => Math.cos(i * 0.11));
    const feed = () => ({ input: new ort.Tensor("float32", x, [1, 3, size, size]) });
    const [a, b] = [await inline.run(feed()), await apart.run(feed())];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(Object.keys(a).length).toBeGreaterThan(5); // logits and the taps
    for (const k of Object.keys(a)) expect(b[k].data).toEqual(a[k].data);
    const logits = a.logits.data as Float32Array;
    expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(1e-3);
    await Promise.all([inline.release(), apart.release()]);
  });
});
