// Parity with the official PyTorch Next-ViT (fixture nextvit-mini, float64 references):
// logits and every block tap, both input sizes, unfolded and folded, official and timm keys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import type { StateDict } from "../../lib/checkpoint/types";
import { toTimmLayout } from "../../lib/nextvit/keys";
import { buildNextViT, configFromJson, depthsOf } from "../../lib/nextvit";
import { encodeModel } from "../../lib/onnx/encode";
import { inferShapes } from "../../lib/onnx/shapes";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/nextvit-mini";
const meta = JSON.parse(readFileSync(`${DIR}/nextvit-mini.json`, "utf8"));
const cfg = configFromJson(meta);
const official = readSafetensors(readFileSync(`${DIR}/nextvit-mini.official.safetensors`)).tensors;
const layouts: Record<string, StateDict> = { official, timm: toTimmLayout(official, depthsOf(cfg)) };
const TOL = 1e-4;

describe("nextvit-mini config", () => {
  it("reads the fixture's configuration and block kinds", () => {
    expect(cfg.stages).toEqual(["C", "T", "CCCCT", "T"]);
    expect(cfg.numClasses).toBe(10);
    expect(layouts.timm.has("stages.2.blocks.4.mlp.fc1.weight")).toBe(true);
  });
});

for (const size of ["224x224", "160x192"]) {
  const io = readSafetensors(readFileSync(`${DIR}/nextvit-mini.io.${size}.safetensors`)).tensors;
  const input = io.get("input")!;
  const [, , h, w] = input.dims;
  const blockTaps = ["stem", ...meta.blocks.map((_: string, i: number) => `features.${i}`)];
  for (const [layout, sd] of Object.entries(layouts))
    for (const fold of [false, true])
      describe(`${size} ${layout} ${fold ? "folded" : "unfolded"}`, () => {
        it("matches the official logits and every block tap", async () => {
          const graph = buildNextViT(cfg, sd, { height: h, width: w, taps: "all", fold });
          if (fold) expect(graph.nodes.filter((n) => n.op === "BatchNormalization")).toEqual([]);
          const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
          const shapes = inferShapes(graph);
          for (const name of ["logits", ...blockTaps]) {
            const ref = io.get(name)!;
            expect(out[name].dims, name).toEqual(ref.dims);
            expect(shapes.get(name), name).toEqual(ref.dims);
            expect(maxRelErr(out[name].data, ref.data as Float32Array), name).toBeLessThanOrEqual(TOL);
          }
          if (fold) expect(maxRelErr(out.logits.data, io.get("logits_merged")!.data as Float32Array)).toBeLessThanOrEqual(TOL);
          // Branch taps: shapes of the E-MHSA and MHCA parts of each NTB.
          expect(out["features.6.e_mhsa"].dims).toEqual([1, 384, h / 16, w / 16]);
          expect(out["features.6.mhca"].dims).toEqual([1, 128, h / 16, w / 16]);
        });
      });
}
