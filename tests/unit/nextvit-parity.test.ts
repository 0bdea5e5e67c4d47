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

// The branch taps have no fixture tensors; check their definition instead: rebuilding the
// NTB features.6 (sr 2, identity patch_embed) from the reference features.5, our e_mhsa
// and mhca taps and the official weights, in float64, must give the reference features.6.
describe("NTB branch taps", () => {
  it("features.6 = NTB(features.5) with e_mhsa and mhca taps as its branch outputs", async () => {
    const io = readSafetensors(readFileSync(`${DIR}/nextvit-mini.io.224x224.safetensors`)).tensors;
    const input = io.get("input")!;
    const graph = buildNextViT(cfg, official, { height: 224, width: 224, taps: ["features.6.e_mhsa", "features.6.mhca"] });
    const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
    const P = 196;
    const W = (k: string) => official.get(`features.6.${k}`)!.data as Float32Array;
    const conv1x1 = (x: Float64Array, w: Float32Array, cin: number, b?: Float32Array) => {
      const cout = w.length / cin, y = new Float64Array(cout * P);
      for (let o = 0; o < cout; o++)
        for (let i = 0; i < cin; i++) {
          const wi = w[o * cin + i];
          for (let p = 0; p < P; p++) y[o * P + p] += wi * x[i * P + p];
        }
      if (b) for (let o = 0; o < cout; o++) for (let p = 0; p < P; p++) y[o * P + p] += b[o];
      return y;
    };
    const bn = (x: Float64Array, k: string) => {
      const [g, b, m, v] = ["weight", "bias", "running_mean", "running_var"].map((s) => W(`${k}.${s}`));
      return x.map((val, j) => {
        const c = Math.floor(j / P);
        return ((val - m[c]) / Math.sqrt(v[c] + 1e-5)) * g[c] + b[c];
      });
    };
    const f5 = Float64Array.from(io.get("features.5")!.data as Float32Array);
    const x = f5.map((v, j) => v + out["features.6.e_mhsa"].data[j]);
    const proj = bn(conv1x1(x, W("projection.conv.weight"), 384), "projection.norm");
    const cat = new Float64Array(512 * P);
    cat.set(x);
    cat.set(proj.map((v, j) => v + out["features.6.mhca"].data[j]), 384 * P);
    const hidden = conv1x1(bn(cat, "norm2"), W("mlp.conv1.weight"), 512, W("mlp.conv1.bias")).map((v) => Math.max(0, v));
    const mlp = conv1x1(hidden, W("mlp.conv2.weight"), 1024, W("mlp.conv2.bias"));
    const rebuilt = cat.map((v, j) => v + mlp[j]);
    expect(maxRelErr(rebuilt, io.get("features.6")!.data as Float32Array)).toBeLessThanOrEqual(1e-4);
  });
});
