// The analysis worker's model: the same graph the lab's worker compiles (same weights, folded,
// every tap), kept as IR so that a gradient graph can be derived from it on demand.
import { buildNextViT } from "../nextvit/build";
import type { Graph } from "../onnx/ir";
import { adoptCheckpoint, configFor, randomWeights } from "./build-model";
import { buildZooGraph } from "./build-zoo";
import { downloadWithProgress, sha256Hex } from "./download";
import { labErrors } from "./errors";
import type { ModelEntry } from "./manifest";
import type { WeightsSource } from "./protocol";
import { dropNeutralCeilMode } from "./webgpu-compat";

/** The weights' bytes; shipped ones are checked against the manifest's sha256, as the lab's worker checks them
 *  (a graph built from them is cached under that sha256, where the lab's worker will trust it). */
export async function weightsBytes(entry: ModelEntry, weights: WeightsSource): Promise<{ bytes: Uint8Array | null; name: string }> {
  if (weights.kind === "file") return { bytes: new Uint8Array(await weights.file.arrayBuffer()), name: weights.file.name };
  if (weights.kind === "url" || entry.weights.kind === "file") {
    const url = weights.kind === "url" ? weights.url : (entry.weights as { url: string }).url;
    const bytes = await downloadWithProgress(url, () => {});
    const name = url.split("/").pop() || url;
    if (weights.kind === "manifest" && entry.weights.kind === "file") {
      const got = await sha256Hex(bytes);
      if (got !== entry.weights.sha256) throw labErrors.integrity(name, entry.weights.sha256, got);
    }
    return { bytes, name };
  }
  return { bytes: null, name: `random (seed ${(entry.weights as { seed: number }).seed})` };
}

/** Forward graph with every tap as an output, exactly as the lab's worker builds it (compileEntry). */
export async function analysisGraph(entry: ModelEntry, resolution: number, weights: WeightsSource): Promise<Graph> {
  const { bytes, name } = await weightsBytes(entry, weights);
  // Zoo models without LeViT's attention-map extras: the gradient pass needs taps only.
  if (entry.family !== "nextvit") return buildZooGraph(entry, resolution, { bytes, name }, false).graph;
  const { sd, cfg } = bytes
    ? adoptCheckpoint(bytes, name, entry)
    : (() => {
        const cfg = configFor(entry, entry.numClasses);
        return { sd: randomWeights(cfg, (entry.weights as { seed: number }).seed), cfg };
      })();
  return dropNeutralCeilMode(buildNextViT(cfg, sd, { height: resolution, width: resolution, taps: "all", fold: true, consumeWeights: true }));
}
