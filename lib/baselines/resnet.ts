// ResNet (bottleneck, timm `resnet50` layout): the CNN baseline of the lab's frequency
// comparisons. Taps: the stem (`maxpool`) and every bottleneck output (`layerS.B`).
import { GraphBuilder } from "../onnx/builder";
import { attr, type Graph, type TapInfo } from "../onnx/ir";
import type { ParamSpec, StateDict } from "../checkpoint/types";
import { bnSpec, convBn, countSpecParams, linear, reshape, tapFilter, values } from "./layers";

export interface ResNetConfig {
  name: string;
  depths: number[]; // bottlenecks per stage
  widths: number[]; // bottleneck inner width per stage (output is 4x)
  stemWidth: number;
  numClasses: number;
}

const EXPANSION = 4;

export function resnetPreset(depth: 50 | 101 | 152 = 50, overrides: Partial<ResNetConfig> = {}): ResNetConfig {
  const depths = { 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3] }[depth];
  return { name: `resnet${depth}`, depths, widths: [64, 128, 256, 512], stemWidth: 64, numClasses: 1000, ...overrides };
}

/** One bottleneck: input width, inner width, output width (4x inner), stride on the 3x3, downsample shortcut. */
export interface ResNetBlock { prefix: string; stage: number; index: number; inCh: number; width: number; outCh: number; stride: number; down: boolean }

/** The bottleneck list the builder walks (also what `lab plan` hands to training/resnet.py). */
export function resnetBlocks(cfg: ResNetConfig): ResNetBlock[] {
  const out: ResNetBlock[] = [];
  let inCh = cfg.stemWidth;
  let index = 0;
  cfg.depths.forEach((n, s) => {
    for (let b = 0; b < n; b++) {
      const width = cfg.widths[s];
      const stride = b === 0 && s > 0 ? 2 : 1;
      out.push({ prefix: `layer${s + 1}.${b}`, stage: s, index: index++, inCh, width, outCh: width * EXPANSION, stride, down: b === 0 });
      inCh = width * EXPANSION;
    }
  });
  return out;
}

export function resnetParamSpec(cfg: ResNetConfig): ParamSpec[] {
  const spec: ParamSpec[] = [{ key: "conv1.weight", shape: [cfg.stemWidth, 3, 7, 7] }, ...bnSpec("bn1", cfg.stemWidth)];
  for (const b of resnetBlocks(cfg)) {
    const p = b.prefix;
    const outCh = b.outCh;
    spec.push({ key: `${p}.conv1.weight`, shape: [b.width, b.inCh, 1, 1] }, ...bnSpec(`${p}.bn1`, b.width));
    spec.push({ key: `${p}.conv2.weight`, shape: [b.width, b.width, 3, 3] }, ...bnSpec(`${p}.bn2`, b.width));
    spec.push({ key: `${p}.conv3.weight`, shape: [outCh, b.width, 1, 1] }, ...bnSpec(`${p}.bn3`, outCh));
    if (b.down) spec.push({ key: `${p}.downsample.0.weight`, shape: [outCh, b.inCh, 1, 1] }, ...bnSpec(`${p}.downsample.1`, outCh));
  }
  const feat = cfg.widths[cfg.widths.length - 1] * EXPANSION;
  spec.push({ key: "fc.weight", shape: [cfg.numClasses, feat] }, { key: "fc.bias", shape: [cfg.numClasses] });
  return spec;
}

export function countResNetParams(cfg: ResNetConfig): number {
  return countSpecParams(resnetParamSpec(cfg));
}

export function listResNetTaps(cfg: ResNetConfig): TapInfo[] {
  const taps: TapInfo[] = [{ path: "maxpool", value: "maxpool", stage: -1, index: -1, kind: "stem", layout: "NCHW" }];
  for (const b of resnetBlocks(cfg)) taps.push({ path: b.prefix, value: b.prefix, stage: b.stage, index: b.index, kind: "Bottleneck", layout: "NCHW" });
  return taps;
}

export interface BuildOptions {
  height: number;
  width: number;
  taps?: "all" | string[];
  fold?: boolean; // fold BatchNorm into the convolutions (default true)
}

export function buildResNet(cfg: ResNetConfig, sd: StateDict, opts: BuildOptions): Graph {
  const g = new GraphBuilder(cfg.name);
  const fold = opts.fold ?? true;
  const all = listResNetTaps(cfg);
  const want = tapFilter(all.map((t) => t.path), opts.taps, cfg.name);
  const tap = (t: TapInfo) => {
    if (!want(t.path)) return;
    g.tap(t);
    g.output(t.value, t.path);
  };
  const x0 = g.input("input", "float32", [1, 3, opts.height, opts.width]);
  let x = convBn(g, sd, x0, "conv1", "bn1", { out: cfg.stemWidth, inCh: 3, k: 7, stride: 2, pad: 3, fold });
  x = g.op("Relu", [x], {}, "act1");
  x = g.op("MaxPool", [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }, "maxpool");
  tap(all[0]);
  resnetBlocks(cfg).forEach((b, i) => {
    const p = b.prefix;
    const outCh = b.outCh;
    let y = convBn(g, sd, x, `${p}.conv1`, `${p}.bn1`, { out: b.width, inCh: b.inCh, k: 1, stride: 1, pad: 0, fold });
    y = g.op("Relu", [y], {}, `${p}.act1`);
    y = convBn(g, sd, y, `${p}.conv2`, `${p}.bn2`, { out: b.width, inCh: b.width, k: 3, stride: b.stride, pad: 1, fold });
    y = g.op("Relu", [y], {}, `${p}.act2`);
    y = convBn(g, sd, y, `${p}.conv3`, `${p}.bn3`, { out: outCh, inCh: b.width, k: 1, stride: 1, pad: 0, fold });
    const short = b.down
      ? convBn(g, sd, x, `${p}.downsample.0`, `${p}.downsample.1`, { out: outCh, inCh: b.inCh, k: 1, stride: b.stride, pad: 0, fold })
      : x;
    x = g.op("Relu", [g.op("Add", [y, short], {}, `${p}.add`)], {}, p);
    tap(all[i + 1]);
  });
  const feat = cfg.widths[cfg.widths.length - 1] * EXPANSION;
  const pooled = reshape(g, g.op("GlobalAveragePool", [x], {}, "global_pool"), [1, feat], "global_pool.flatten");
  const logits = linear(g, pooled, "fc", values(sd, "fc.weight", [cfg.numClasses, feat]), cfg.numClasses, feat, values(sd, "fc.bias", [cfg.numClasses]));
  g.output(logits, "logits");
  return g.build();
}
