// Turns a manifest entry plus weights into an ONNX graph with every tap as an output.
// Runs in the worker (and in Node for tests): state dict -> buildNextViT -> encodeModel.
import type { TapInfo } from "../onnx/ir";
import type { StateDict } from "../checkpoint/types";
import { loadCheckpoint } from "../checkpoint/load";
import { randomStateDict } from "../checkpoint/random";
import { nextvitPreset, type NextViTConfig, type PresetName } from "../nextvit/config";
import { nextvitParamSpec } from "../nextvit/spec";
import { buildNextViT, officialStateDict } from "../nextvit/build";
import { encodeModel, encodeModelSplit, type GraphBytes } from "../onnx/encode";
import type { Graph } from "../onnx/ir";
import { fuseConvs } from "../onnx/passes/fuse-conv";
import { labErrors } from "./errors";
import { dropNeutralCeilMode } from "./webgpu-compat";
import type { ModelEntry } from "./manifest";
import { buildZooGraph } from "./build-zoo";

/** `data`: the weights apart from `onnx` (external data) when compiled with `split`. */
export interface BuiltModel extends GraphBytes {
  taps: TapInfo[];
  numClasses: number;
  size: PresetName | null; // null for the zoo's other architectures
}

export function configFor(entry: Pick<ModelEntry, "size" | "config">, numClasses: number, size = entry.size): NextViTConfig {
  if (!size) throw new Error("configFor: a Next-ViT entry needs a size (S, B or L)");
  return nextvitPreset(size, { ...(entry.config as Partial<NextViTConfig>), numClasses });
}

export function randomWeights(cfg: NextViTConfig, seed: number): StateDict {
  return randomStateDict(nextvitParamSpec(cfg), seed);
}

const HEAD_KEYS = ["proj_head.0.weight", "head.fc.weight"];

/**
 * A checkpoint in the official layout, its preset and class count. The preset is found by
 * validating against S, B and L (the selected size first), so a checkpoint for another size
 * still loads; a checkpoint that fits none names the first wrong tensor for the selected size.
 */
export function adoptCheckpoint(bytes: Uint8Array, fileName: string, entry: ModelEntry, opts: { finite?: boolean } = {}): { sd: StateDict; cfg: NextViTConfig } {
  const sd = loadCheckpoint(bytes, fileName);
  const head = HEAD_KEYS.map((k) => sd.get(k)).find(Boolean);
  if (!head) throw labErrors.badWeights("no classifier head (proj_head.0.weight or head.fc.weight) in the checkpoint");
  const numClasses = head.dims[0];
  const selected = entry.size ?? "S";
  const order: PresetName[] = [selected, ...(["S", "B", "L"] as const).filter((s) => s !== selected)];
  let firstError: unknown = null;
  for (const size of order) {
    const cfg = configFor(entry, numClasses, size);
    try {
      return { sd: officialStateDict(cfg, sd, opts), cfg };
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError;
}

/** Inline bytes for onnxruntime-node (CLI, tests); split for the browser's sessions (see SplitModel), taking the
 *  initializers out of `graph` as they are copied, so the tab never holds the folded weights twice, and with its
 *  Conv chains fused (fuse-conv.ts says why). */
export function encodeFor(graph: Graph, split: boolean): GraphBytes {
  return split ? encodeForBrowser(graph, true) : { onnx: encodeModel(graph), data: null };
}

/** A browser session's graph: split, Conv chains fused; `consume` spends `graph` (encodeModelSplit). */
export function encodeForBrowser(graph: Graph, consume: boolean): GraphBytes {
  const { graph: fusedGraph, fused } = fuseConvs(graph);
  return { ...encodeModelSplit(fusedGraph, { consume }), cpuFused: fused > 0 };
}

function nextvitGraph(cfg: NextViTConfig, sd: StateDict, resolution: number, consumeWeights = false): Graph {
  return dropNeutralCeilMode(buildNextViT(cfg, sd, { height: resolution, width: resolution, taps: "all", fold: true, consumeWeights }));
}

function encodeNextViT(cfg: NextViTConfig, graph: Graph, split: boolean): BuiltModel {
  const taps = graph.taps;
  return { ...encodeFor(graph, split), taps, numClasses: cfg.numClasses, size: cfg.name.replace("nextvit_", "") as PresetName };
}

export function compileNextViT(cfg: NextViTConfig, sd: StateDict, resolution: number, split = false): BuiltModel {
  return encodeNextViT(cfg, nextvitGraph(cfg, sd, resolution), split);
}

/**
 * The worker's one entry point: any manifest family, random weights from its seed or a
 * loaded checkpoint, compiled with every tap (LeViT also with its attention maps and biases).
 */
/** `shipped`: the bytes are the manifest's own file (compile-worker.ts has checked their sha256 against it), so the
 *  NaN/Inf scan, which the tests run on every shipped file, is skipped. */
export function compileEntry(entry: ModelEntry, resolution: number, bytes: Uint8Array | null, fileName: string, split = false, shipped = false): BuiltModel {
  if (entry.family !== "nextvit") {
    const z = buildZooGraph(entry, resolution, { bytes, name: fileName }, true);
    return { ...encodeFor(z.graph, split), taps: z.taps, numClasses: z.numClasses, size: null };
  }
  // The state dict (float32, ~127 MB for S) lives only inside this closure: it is garbage before the graph's
  // weights are copied into the encoded model, rather than a third copy alongside them.
  const { graph, cfg } = (() => {
    const { sd, cfg } = bytes
      ? adoptCheckpoint(bytes, fileName, entry, { finite: !shipped })
      : { sd: randomWeights(configFor(entry, entry.numClasses), (entry.weights as { seed: number }).seed), cfg: configFor(entry, entry.numClasses) };
    return { graph: nextvitGraph(cfg, sd, resolution, true), cfg };
  })();
  return encodeNextViT(cfg, graph, split);
}
