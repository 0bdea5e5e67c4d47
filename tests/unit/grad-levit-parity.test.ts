// LeViT-128S gradients (HardSwish, constant bias Gather, folded Linear_BN, token transposes and
// strided subsampling) against PyTorch float64 autograd in the levit128s-mini fixture.
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildLeViT, listLeViTTaps } from "../../lib/levit/build";
import { levitPreset } from "../../lib/levit/config";
import { toOfficialLeViT } from "../../lib/levit/keys";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../helpers/ort-node";
import { expectGradParity } from "./grad-parity";

const DIR = "tests/fixtures/levit128s-mini";

describe("LeViT-128S gradients match PyTorch autograd (levit128s-mini)", () => {
  it("every tap", async () => {
    const cfg = levitPreset("128S", { numClasses: 10 });
    const sd = toOfficialLeViT(readSafetensors(readFileSync(`${DIR}/levit128s-mini.official.safetensors`)).tensors, cfg);
    const io = readSafetensors(readFileSync(`${DIR}/levit128s-mini.io.224x224.safetensors`));
    const taps = listLeViTTaps(cfg).map((t) => t.path);
    const fwd = buildLeViT(cfg, sd, { height: 224, width: 224, taps });
    const graph = buildGradGraph(fwd, { taps, classIndex: Number(io.metadata.target_class) });
    const input = io.tensors.get("input")!;
    const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
    const worst = expectGradParity(out, io.tensors, taps);
    console.log(`levit grad parity: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)}·max|ref|`);
  });
});
