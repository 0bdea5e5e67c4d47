// LeViT-128S gradients (HardSwish, constant bias Gather, folded Linear_BN, token transposes and
// subsampling) against PyTorch float64 autograd in the levit128s-mini fixture: relative L2
// <= 3e-2 per tap and Grad-CAM channel weights (mean over positions) within 1e-2 * max|ref|.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildLeViT, listLeViTTaps } from "../../lib/levit/build";
import { levitPreset } from "../../lib/levit/config";
import { toOfficialLeViT } from "../../lib/levit/keys";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../helpers/ort-node";

const DIR = "tests/fixtures/levit128s-mini";

function relL2(a: Float32Array, b: Float32Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Per-channel mean of a gradient, NCHW [1,C,H,W] or tokens [1,N,C]. */
function camWeights(g: Float32Array, dims: number[]): Float64Array {
  const tokens = dims.length === 3;
  const c = tokens ? dims[2] : dims[1];
  const n = g.length / c;
  const out = new Float64Array(c);
  for (let i = 0; i < g.length; i++) out[tokens ? i % c : Math.floor(i / n)] += g[i] / n;
  return out;
}

describe("LeViT-128S gradients match PyTorch autograd (levit128s-mini)", () => {
  it("every tap", async () => {
    const cfg = levitPreset("128S", { numClasses: 10 });
    const sd = toOfficialLeViT(readSafetensors(readFileSync(`${DIR}/levit128s-mini.official.safetensors`)).tensors, cfg);
    const io = readSafetensors(readFileSync(`${DIR}/levit128s-mini.io.224x224.safetensors`));
    const target = Number(io.metadata.target_class);
    const taps = listLeViTTaps(cfg).map((t) => t.path);
    const fwd = buildLeViT(cfg, sd, { height: 224, width: 224, taps });
    const graph = buildGradGraph(fwd, { taps, classIndex: target });
    const input = io.tensors.get("input")!;
    const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
    const worst = { l2: 0, cam: 0 };
    for (const tap of taps) {
      const ref = io.tensors.get(`grad.${tap}`)!;
      const ours = out[`grad.${tap}`];
      expect(ours.dims).toEqual(ref.dims);
      const l2 = relL2(ours.data, ref.data as Float32Array);
      const wo = camWeights(ours.data, ref.dims), wr = camWeights(ref.data as Float32Array, ref.dims);
      const cam = Math.max(...wo.map((v, i) => Math.abs(v - wr[i]))) / Math.max(...wr.map(Math.abs));
      worst.l2 = Math.max(worst.l2, l2);
      worst.cam = Math.max(worst.cam, cam);
      expect(l2, `${tap} relative L2`).toBeLessThanOrEqual(3e-2);
      expect(cam, `${tap} CAM weights`).toBeLessThanOrEqual(1e-2);
    }
    console.log(`levit grad parity: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)} of max|ref|`);
  });
});
