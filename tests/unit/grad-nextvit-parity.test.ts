// Next-ViT gradients against PyTorch autograd (float64 references in the nextvit-mini fixtures):
// every tap at both input sizes, unfolded and folded graphs. Relative L2 <= 3e-2 per tap and
// Grad-CAM channel weights (spatial mean of the gradient) within 1e-2 * max|ref| (see the
// fixture README for why gradients cannot be held to the forward tolerance).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { buildNextViT, nextvitConfig } from "../../lib/nextvit";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/nextvit-mini";
const meta = JSON.parse(readFileSync(`${DIR}/nextvit-mini.json`, "utf8")) as {
  inputs: Record<string, { file: string; target_class: number }>;
};
const TAPS = ["stem", ...Array.from({ length: 8 }, (_, i) => `features.${i}`)];

function relL2(a: Float32Array, b: Float32Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Spatial mean of each channel of an NCHW gradient: the Grad-CAM weights. */
function camWeights(g: Float32Array, [, c, h, w]: number[]): Float64Array {
  const out = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    let s = 0;
    for (let i = 0; i < h * w; i++) s += g[k * h * w + i];
    out[k] = s / (h * w);
  }
  return out;
}

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
        const worst = { l2: 0, cam: 0 };
        for (const tap of TAPS) {
          const ref = io.get(`grad.${tap}`)!;
          const ours = out[`grad.${tap}`];
          expect(ours.dims).toEqual(ref.dims);
          const l2 = relL2(ours.data, ref.data as Float32Array);
          const wo = camWeights(ours.data, ref.dims), wr = camWeights(ref.data as Float32Array, ref.dims);
          const maxRef = Math.max(...wr.map(Math.abs));
          const cam = Math.max(...wo.map((v, i) => Math.abs(v - wr[i]))) / maxRef;
          worst.l2 = Math.max(worst.l2, l2);
          worst.cam = Math.max(worst.cam, cam);
          expect(l2, `${tap} relative L2`).toBeLessThanOrEqual(3e-2);
          expect(cam, `${tap} CAM weights`).toBeLessThanOrEqual(1e-2);
        }
        console.log(`grad parity ${size} fold=${fold}: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)} of max|ref|`);
      });
});
