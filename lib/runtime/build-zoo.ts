// The comparison models of the zoo (LeViT, ResNet-50, Swin-T) built for the lab the way
// build-model.ts builds Next-ViT: random weights from the manifest seed or a loaded
// checkpoint, every tap an output. LeViT graphs for the lab's own view also output each
// attention's softmax (`blocks.N.attention`) and each bias table (`levit.bias.blocks.N`),
// which the worker hands over as auxiliary outputs, never as taps.
import type { Graph, TapInfo } from "../onnx/ir";
import type { StateDict } from "../checkpoint/types";
import { loadCheckpoint } from "../checkpoint/load";
import { randomStateDict } from "../checkpoint/random";
import { architecture, type ArchitectureEntry } from "../baselines/registry";
import { buildSwin, swinParamSpec, swinPreset, type SwinConfig } from "../baselines/swin";
import { toTimmSwin } from "../baselines/swin-keys";
import { levitPreset, type LeViTName } from "../levit/config";
import { toOfficialLeViT } from "../levit/keys";
import { buildLeViT } from "../levit/build";
import { labErrors } from "./errors";
import { LEVIT_BIAS_PREFIX } from "./build-zoo-names";
import type { BaselineEntry } from "./manifest";

export { LEVIT_BIAS_PREFIX };

// Classifier weights of each layout; the first dimension is the class count.
const HEAD_KEYS = ["head.l.weight", "head.linear.weight", "head.weight", "head.fc.weight", "fc.weight"];

function swinConfig(entry: BaselineEntry, numClasses: number, size: number): SwinConfig | null {
  const window = (entry.config as { window?: number }).window;
  return window ? swinPreset("T", { window, imgSize: size, numClasses }) : null;
}

function weightsFor(entry: BaselineEntry, arch: ArchitectureEntry, size: number, bytes: Uint8Array | null, name: string): { sd: StateDict; numClasses: number } {
  if (!bytes) {
    const seed = entry.weights.kind === "random" ? entry.weights.seed : 0;
    const swin = swinConfig(entry, entry.numClasses, size);
    const spec = swin ? swinParamSpec(swin) : arch.paramSpec(entry.numClasses, size);
    return { sd: randomStateDict(spec, seed), numClasses: entry.numClasses };
  }
  const sd = loadCheckpoint(bytes, name);
  const head = HEAD_KEYS.map((k) => sd.get(k)).find(Boolean);
  if (!head) throw labErrors.badWeights(`no classifier head (${HEAD_KEYS.join(", ")}) in the checkpoint for ${arch.title}`);
  return { sd, numClasses: head.dims[0] };
}

/** Adds an Identity output for each LeViT bias table so the lab's view can draw it. */
function withBiasOutputs(g: Graph): Graph {
  for (const name of [...g.initializers.keys()].filter((k) => k.endsWith(".attention_biases"))) {
    const block = /^(blocks\.\d+)/.exec(name)![1];
    const out = `${LEVIT_BIAS_PREFIX}${block}`;
    g.nodes.push({ op: "Identity", name: out, inputs: [name], outputs: [out], attrs: {} });
    g.outputs.push({ name: out, dtype: "float32", dims: [...g.initializers.get(name)!.dims] });
  }
  return g;
}

export interface ZooGraph {
  graph: Graph;
  taps: TapInfo[];
  numClasses: number;
}

/**
 * The forward graph of a zoo entry at `size` with every tap (the CLI may ask for fewer, or none
 * for evaluation); `levitExtras` adds the attention maps and bias tables (the lab's worker),
 * left out for gradient graphs.
 */
export function buildZooGraph(
  entry: BaselineEntry, size: number, weights: { bytes: Uint8Array | null; name: string }, levitExtras = false,
  taps: "all" | string[] | undefined = "all",
): ZooGraph {
  const arch = architecture(entry.arch);
  if (arch.family !== entry.family) throw new Error(`manifest entry ${entry.id}: ${entry.arch} is a ${arch.family} model, not ${entry.family}`);
  const { sd, numClasses } = weightsFor(entry, arch, size, weights.bytes, weights.name);
  let graph: Graph;
  if (arch.family === "levit") {
    const cfg = levitPreset(arch.title.replace("LeViT-", "") as LeViTName, { numClasses, imgSize: size });
    graph = buildLeViT(cfg, toOfficialLeViT(sd, cfg), { height: size, width: size, taps, attentionMaps: levitExtras });
    if (levitExtras) withBiasOutputs(graph);
  } else {
    const swin = arch.family === "swin" ? swinConfig(entry, numClasses, size) : null;
    graph = swin
      ? buildSwin(swin, toTimmSwin(sd), { height: size, width: size, taps })
      : arch.build(sd, { size, numClasses, taps, fold: true });
  }
  return { graph, taps: graph.taps, numClasses };
}

