// `lab infer`: run a model (manifest entry, architecture or Next-ViT config) on one input and
// save logits and taps; prints the top-5 classes.
import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { LabCliError } from "../errors";
import { readSafetensors, writeSafetensors } from "../../lib/checkpoint/safetensors";
import { decodeImageNode, sniffImageType } from "../../lib/image/decode-node";
import { type PreprocessConfig, preprocess } from "../../lib/image/preprocess";
import { encodeModel } from "../../lib/onnx/encode";
import type { Graph, Tensor } from "../../lib/onnx/ir";
import { runOnnx } from "../../lib/onnx/ort-node";
import { labelFor, softmaxTopK } from "../../lib/runtime/labels";
import { oneLine } from "./manifest-file";
import { ARCH_IDS, type SourceOptions, classCount, readFile, resolveModelSource } from "./model-source";

export { resolveConfig } from "./model-source"; // `lab plan` reads configs the same way

interface InferOptions extends SourceOptions {
  input: string;
  size?: string;
  cropPct?: string;
  taps?: string;
  fold?: boolean;
  out: string;
  gradClass?: string;
}

function loadInput(path: string, cfg: PreprocessConfig): Tensor {
  const bytes = readFile(path, "--input");
  if (sniffImageType(bytes) !== "unknown") {
    let data: Float32Array;
    try {
      data = preprocess(decodeImageNode(bytes), cfg);
    } catch (e) {
      throw new LabCliError(`--input ${path}: ${oneLine(e)}`);
    }
    return { dtype: "float32", dims: [1, 3, cfg.size, cfg.size], data };
  }
  let t: Tensor | undefined;
  try {
    t = readSafetensors(bytes).tensors.get("input");
  } catch (e) {
    throw new LabCliError(`--input ${path}: not a JPEG/PNG image nor a readable safetensors file (${oneLine(e)})`);
  }
  if (!t) throw new LabCliError(`--input ${path}: the safetensors file has no tensor named "input"`);
  if (t.dtype !== "float32" || t.dims.length !== 4 || t.dims[0] !== 1 || t.dims[1] !== 3)
    throw new LabCliError(`--input ${path}: tensor "input" must be float [1,3,H,W], got ${t.dtype} [${t.dims.join(",")}]`);
  return t;
}

/**
 * Hook for gradients: returns the graph to run. With --grad-class the gradient pass
 * (lib/onnx/grad) adds `grad.<tap>` outputs for every requested tap.
 */
async function withGradients(graph: Graph, gradClass: number | undefined): Promise<Graph> {
  if (gradClass === undefined) return graph;
  const { buildGradGraph } = await import("../../lib/onnx/grad");
  return buildGradGraph(graph, { taps: graph.taps.map((t) => t.path), classIndex: gradClass });
}

function top5(logits: Float32Array, names: string[] | null, untrained: boolean): string {
  const head = `top-5${untrained ? " (random weights: predictions are meaningless)" : ""}:\n`;
  const rows = softmaxTopK(logits, Math.min(5, logits.length)).map((t) => `  ${(100 * t.prob).toFixed(2).padStart(6)}%  ${String(t.index).padStart(4)}  ${labelFor(names, t.index)}`);
  return `${head}${rows.join("\n")}\n`;
}

async function infer(o: InferOptions): Promise<void> {
  const src = resolveModelSource(o);
  const size = o.size === undefined ? src.preprocess.size : Number(o.size);
  const cropPct = o.cropPct === undefined ? src.preprocess.cropPct : Number(o.cropPct);
  if (!Number.isInteger(size) || size < 32) throw new LabCliError(`--size ${o.size}: must be an integer ≥ 32`);
  if (!(cropPct > 0 && cropPct <= 1)) throw new LabCliError(`--crop-pct ${o.cropPct}: must lie in (0, 1]`);
  const input = loadInput(o.input, { ...src.preprocess, size, cropPct });
  const taps = !o.taps ? undefined : o.taps === "all" ? ("all" as const) : o.taps.split(",").map((s) => s.trim()).filter(Boolean);
  const gradClass = o.gradClass === undefined ? undefined : Number(o.gradClass);
  if (gradClass !== undefined && !taps) throw new LabCliError("--grad-class needs --taps (the tensors to differentiate with respect to)");
  let graph = src.build({ height: input.dims[2], width: input.dims[3], taps, fold: o.fold });
  const numClasses = classCount(graph);
  if (gradClass !== undefined && !(Number.isInteger(gradClass) && gradClass >= 0 && gradClass < numClasses))
    throw new LabCliError(`--grad-class ${o.gradClass}: must be an integer in [0, ${numClasses})`);
  graph = await withGradients(graph, gradClass);
  const outputs = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(outputs)) tensors[name] = { dtype: "float32", dims: t.dims, data: t.data };
  writeFileSync(o.out, writeSafetensors(tensors, { ...src.metadata, fold: String(!!o.fold) }));
  const logits = outputs.logits.data;
  const top = logits.indexOf(Math.max(...logits));
  process.stdout.write(`${o.out}: logits [${outputs.logits.dims.join(",")}] (top class ${top}) + ${Object.keys(outputs).length - 1} tensors\n`);
  process.stdout.write(top5(logits, src.labels(numClasses), src.untrained));
}

export function register(program: Command): void {
  program
    .command("infer")
    .description("run a model on one input; write logits and taps to a safetensors file and print the top-5 classes")
    .option("--model <id>", "a model of public/models/manifest.json: its architecture, classes, preprocessing and weights")
    .option("--arch <name>", `an architecture: ${ARCH_IDS.join(", ")}`)
    .option("--config <preset|file>", "Next-ViT: S, B, L, or a JSON config (depths, mix_block_ratio, num_classes, strategy, ...)")
    .option("--num-classes <n>", "--arch/--config: classifier width (default: the checkpoint's, else 1000; --config: its num_classes)")
    .option("--weights <checkpoint>", "safetensors or .pth, official or timm layout (default: the manifest's, else random init)")
    .option("--seed <n>", "--arch/--config: seed of the random init when no --weights (default 0)")
    .requiredOption("--input <file>", "JPEG/PNG image, or safetensors with a tensor named input [1,3,H,W]")
    .option("--size <S>", "image inputs: crop size (default: the model's; 224 for --config)")
    .option("--crop-pct <f>", "image inputs: resize short side to S/crop_pct before the centre crop (default: the model's)")
    .option("--taps <all|list>", "tap outputs: all, or a comma list like stem,features.6.e_mhsa")
    .option("--fold", "emit the deploy graph (BatchNorm folded; manifest zoo models always are)")
    .option("--grad-class <k>", "also write grad.<tap> = d logits[0,k] / d tap for every tap")
    .requiredOption("--out <file.safetensors>", "output file")
    .addOption(new Option("--manifest <file>", "manifest to read (tests)").hideHelp())
    .action((o: InferOptions) => infer(o));
}
