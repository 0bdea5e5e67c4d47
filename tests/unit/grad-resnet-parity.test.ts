// ResNet-50 gradients (bottlenecks, strided convs, BN folded and unfolded) against float64
// PyTorch autograd in the resnet50-mini fixture, every tap from the stem's max-pool on.
// CAM-weight tolerance: PyTorch's own float32 autograd (same weights and input) is off from the
// float64 references by 9.5e-3 relative L2 and 1.15e-2·max on CAM weights (layer3.1), and that
// input (seed 37) is the best of 56 the fixture generator measured (median 3.0e-2): 2-19 ReLU
// inputs within float32 rounding of zero flip on every input, several in layer3/4 (fixture JSON
// `float32_floor`). So CAM weights are held to 3e-2, not the 1e-2; exactness shows where
// no flip lies downstream (layer4.2).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { buildResNet, listResNetTaps, resnetPreset } from "../../lib/baselines/resnet";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../helpers/ort-node";
import { expectGradParity, relL2 } from "./grad-parity";

const DIR = "tests/fixtures/resnet50-mini";

describe("ResNet-50 gradients match PyTorch autograd (resnet50-mini)", () => {
  for (const fold of [true, false])
    it(`every tap, ${fold ? "folded" : "unfolded"}`, async () => {
      const cfg = resnetPreset(50, { numClasses: 10 });
      const sd = readSafetensors(readFileSync(`${DIR}/resnet50-mini.timm.safetensors`)).tensors;
      const io = readSafetensors(readFileSync(`${DIR}/resnet50-mini.io.160x160.safetensors`));
      const taps = listResNetTaps(cfg).map((t) => t.path);
      const fwd = buildResNet(cfg, sd, { height: 160, width: 160, taps, fold });
      const graph = buildGradGraph(fwd, { taps, classIndex: Number(io.metadata.target_class) });
      const input = io.tensors.get("input")!;
      const out = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
      const worst = expectGradParity(out, io.tensors, taps, { l2: 3e-2, cam: 3e-2 });
      expect(relL2(out["grad.layer4.2"].data, io.tensors.get("grad.layer4.2")!.data as Float32Array)).toBeLessThan(1e-5);
      console.log(`resnet grad parity fold=${fold}: max rel L2 ${worst.l2.toExponential(2)}, max CAM-weight err ${worst.cam.toExponential(2)}·max|ref|`);
    });
});
