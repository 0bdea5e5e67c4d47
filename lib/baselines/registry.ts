// The comparison architectures as one uniform list, so the model picker, the CLI and the
// worker can build any of them the same way: a parameter spec (the layout `build` reads), the
// taps, the sizes the architecture accepts, and a builder. LeViT and Swin accept both key
// layouts (official and timm); timm's ResNet-50 keys are torchvision's. `plan` is the config and
// the derived geometry the builder walks, as JSON: `lab plan --arch` writes it and training/
// builds the PyTorch model from it, so both sides build one network from one definition.
import type { Graph, TapInfo } from "../onnx/ir";
import type { ParamSpec, StateDict } from "../checkpoint/types";
import { buildResNet, countResNetParams, listResNetTaps, resnetBlocks, resnetParamSpec, resnetPreset } from "./resnet";
import { buildSwin, countSwinParams, listSwinTaps, swinParamSpec, swinPreset, swinStages, type SwinConfig } from "./swin";
import { toTimmSwin } from "./swin-keys";
import { levitBlocks, levitPreset, stemChannels, type LeViTName } from "../levit/config";
import { countLeViTParams, levitParamSpec, toOfficialLeViT } from "../levit/keys";
import { buildLeViT, listLeViTTaps } from "../levit/build";

export type ArchitectureFamily = "levit" | "resnet" | "swin";

export interface ArchBuildOptions {
  size: number; // square input side
  numClasses: number;
  taps?: "all" | string[];
  fold?: boolean;
}

export interface ArchitectureEntry {
  id: string;
  family: ArchitectureFamily;
  title: string;
  /** Parameters of the 1000-class model (equal to the official / timm count). */
  params: number;
  /** Input sides the architecture can be built at (LeViT: any multiple of 16, tables follow the size). */
  sizes: number[];
  defaultSize: number;
  /** timm's eval transform for the trained weights (bicubic, ImageNet mean/std). */
  cropPct: number;
  /** Key layout `build` expects (random weights are generated from it). */
  paramSpec(numClasses: number, size?: number): ParamSpec[];
  listTaps(size: number): TapInfo[];
  build(sd: StateDict, opts: ArchBuildOptions): Graph;
  /**
   * The config plus the derived block/stage list the builder uses, for a model of `numClasses`
   * built for `size` (LeViT, Swin: the size fixes the bias tables; ResNet has no size in its plan).
   */
  plan(numClasses: number, size?: number): ArchPlan;
}

/** What `lab plan --arch` writes: `family` and `arch`, the builder's config, its derived geometry. */
export type ArchPlan = { family: ArchitectureFamily; arch: string } & Record<string, unknown>;

function levit(name: LeViTName): ArchitectureEntry {
  const cfg = (numClasses: number, size = 224) => levitPreset(name, { numClasses, imgSize: size });
  return {
    id: `levit-${name.toLowerCase()}`, family: "levit", title: `LeViT-${name}`,
    params: countLeViTParams(cfg(1000)), sizes: [224, 192, 160, 128], defaultSize: 224, cropPct: 0.9,
    paramSpec: (n, size) => levitParamSpec(cfg(n, size)),
    listTaps: (size) => listLeViTTaps(cfg(1000, size)),
    build: (sd, o) => {
      const c = cfg(o.numClasses, o.size);
      return buildLeViT(c, toOfficialLeViT(sd, c), { height: o.size, width: o.size, taps: o.taps });
    },
    plan: (n, size) => {
      const c = cfg(n, size);
      return { family: "levit", arch: `levit-${name.toLowerCase()}`, ...c, stemChannels: stemChannels(c), blocks: levitBlocks(c) };
    },
  };
}

function swin(id: string, title: string, cfg: (numClasses: number) => SwinConfig, sizes: number[]): ArchitectureEntry {
  return {
    id, family: "swin", title, params: countSwinParams(cfg(1000)), sizes, defaultSize: sizes[0], cropPct: 0.9,
    paramSpec: (n) => swinParamSpec(cfg(n)),
    listTaps: (size) => listSwinTaps(cfg(1000), size, size),
    build: (sd, o) => buildSwin(cfg(o.numClasses), toTimmSwin(sd), { height: o.size, width: o.size, taps: o.taps }),
    plan: (n) => ({ family: "swin", arch: id, ...cfg(n), stages: swinStages(cfg(n)) }),
  };
}

export const ARCHITECTURES: ArchitectureEntry[] = [
  levit("128S"), levit("128"), levit("192"), levit("256"), levit("384"),
  {
    id: "resnet50", family: "resnet", title: "ResNet-50 (timm)", params: countResNetParams(resnetPreset(50)),
    sizes: [224, 192, 160, 128, 96], defaultSize: 224, cropPct: 0.95,
    paramSpec: (n) => resnetParamSpec(resnetPreset(50, { numClasses: n })),
    listTaps: () => listResNetTaps(resnetPreset(50)),
    build: (sd, o) => buildResNet(resnetPreset(50, { numClasses: o.numClasses }), sd, { height: o.size, width: o.size, taps: o.taps, fold: o.fold }),
    plan: (n) => {
      const c = resnetPreset(50, { numClasses: n });
      return { family: "resnet", arch: "resnet50", ...c, blocks: resnetBlocks(c) };
    },
  },
  // Window 7 needs every stage grid to be a multiple of 7: 224 (56/28/14/7) is the only common size.
  swin("swin-t", "Swin-T (timm, window 7)", (n) => swinPreset("T", { numClasses: n }), [224]),
  // Window 5 at 160 px (grids 40/20/10/5; stage 4 is one unshifted window): the lab's Swin-T for
  // Imagenette-sized inputs (manifest `swin-t-w5-*`, the swin-t-mini fixtures).
  swin("swin-t-w5", "Swin-T (timm, window 5)", (n) => swinPreset("T", { window: 5, imgSize: 160, numClasses: n }), [160]),
];

export function architecture(id: string): ArchitectureEntry {
  const a = ARCHITECTURES.find((x) => x.id === id);
  if (!a) throw new Error(`unknown architecture "${id}"; choose one of ${ARCHITECTURES.map((x) => x.id).join(", ")}`);
  return a;
}
