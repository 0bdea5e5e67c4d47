// Next-ViT gradients against PyTorch autograd (float64 references in the nextvit-mini fixtures):
// every tap at both input sizes, unfolded and folded graphs (criterion in ./grad-parity.ts; the
// fixture README explains why gradients cannot be held to the forward tolerance).
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { buildNextViT, nextvitConfig } from "../../lib/nextvit";
import { runOnnx } from "../helpers/ort-node";
import { expectGradParity } from "./grad-parity";

const DIR = "tests/fixtures/nextvit-mini";
const meta = JSON.parse(readFileSync(`${DIR}/nextvit-mini.json`, "utf8")) as {
  inputs: Record<string, { file: string; target_class: number }>;
};
const TAPS = ["stem", ...Array.from({ length: 8 }, (_, i) => `features.${i}`)];

describe("Next-ViT gradients match PyTorch autograd (nextvit-mini)", () => {
  const sd = readSafetensors(new Uint8Array(readFileSync(`${DIR}/nextvit-mini.official.safetensors`))).tensors;
  const cfg = nextvitConfig("nextvit-mini", [1, 1, 5, 1], { numClasses: 10 });
  for (const [size, { file, target_class }] of Object.entries(meta.inputs))
    for (const fold of [false, true])
      it(`${size} ${fold ? "folded" : "unfolded"}: every tap`, async () => {
        const io = readSafetensors(new Uint8Array(readFileSync(`${DIR}/${file}`))).tensors;
        const input = io.get("input")!;
        const [, , h, w] = input.dims;
        const fwd = buildNextViT(cfg, sd, { height: h, width: w, taps: TAPS, fold });
        const graph = buildGradGraph(fwd, { taps: TAPS, classIndex: target_class });
        const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
        const worst = expectGradParity(out, io, TAPS);
        console.log(`nextvit grad parity ${size} fold=${fold}: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)}·max|ref|`);
      });
});
