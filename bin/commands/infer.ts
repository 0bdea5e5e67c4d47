// `lab infer`: run a Next-ViT (preset or JSON config) on one input and save logits and taps.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { LabCliError } from "../errors";
import { loadCheckpoint } from "../../lib/checkpoint/load";
import { randomStateDict } from "../../lib/checkpoint/random";
import { readSafetensors, writeSafetensors } from "../../lib/checkpoint/safetensors";
import type { StateDict } from "../../lib/checkpoint/types";
import { decodeImageNode, sniffImageType } from "../../lib/image/decode-node";
import { IMAGENET_MEAN, IMAGENET_STD, preprocess } from "../../lib/image/preprocess";
import { type NextViTConfig, type PresetName, buildNextViT, configFromJson, nextvitParamSpec, nextvitPreset } from "../../lib/nextvit";
import { encodeModel } from "../../lib/onnx/encode";
import type { Graph, Tensor } from "../../lib/onnx/ir";
import { runOnnx } from "../../lib/onnx/ort-node";

interface InferOptions {
  config: string;
  weights?: string;
  seed: string;
  input: string;
  size: string;
  cropPct: string;
  taps?: string;
  fold?: boolean;
  out: string;
  gradClass?: string;
}

const PRESET_ALIASES: Record<string, PresetName> = { s: "S", small: "S", b: "B", base: "B", l: "L", large: "L" };

function readFile(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new LabCliError(`${what} ${path} does not exist`);
  return new Uint8Array(readFileSync(path));
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

export function resolveConfig(spec: string): NextViTConfig {
  const alias = PRESET_ALIASES[spec.toLowerCase().replace(/^nextvit[_-]/, "")];
  if (alias) return nextvitPreset(alias);
  if (!existsSync(spec)) throw new LabCliError(`--config ${spec}: neither a preset (S, B, L) nor an existing JSON file`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(spec, "utf8"));
  } catch (e) {
    throw new LabCliError(`--config ${spec}: not valid JSON (${oneLine(e)})`);
  }
  try {
    return configFromJson(json);
  } catch (e) {
    throw new LabCliError(`--config ${spec}: ${oneLine(e)}`);
  }
}

function loadInput(path: string, size: number, cropPct: number): Tensor {
  const bytes = readFile(path, "--input");
  if (sniffImageType(bytes) !== "unknown") {
    const data = preprocess(decodeImageNode(bytes), { size, cropPct, mean: IMAGENET_MEAN, std: IMAGENET_STD });
    return { dtype: "float32", dims: [1, 3, size, size], data };
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

async function infer(o: InferOptions): Promise<void> {
  const cfg = resolveConfig(o.config);
  const size = Number(o.size), cropPct = Number(o.cropPct);
  if (!Number.isInteger(size) || size < 32) throw new LabCliError(`--size ${o.size}: must be an integer ≥ 32`);
  if (!(cropPct > 0 && cropPct <= 1)) throw new LabCliError(`--crop-pct ${o.cropPct}: must lie in (0, 1]`);
  let sd: StateDict;
  if (o.weights) {
    const bytes = readFile(o.weights, "--weights");
    try {
      sd = loadCheckpoint(bytes, o.weights);
    } catch (e) {
      throw new LabCliError(`--weights ${o.weights}: ${oneLine(e)}`);
    }
  } else {
    process.stderr.write(`lab: no --weights given: using deterministic random weights (seed ${o.seed})\n`);
    sd = randomStateDict(nextvitParamSpec(cfg), Number(o.seed));
  }
  const input = loadInput(o.input, size, cropPct);
  const taps = !o.taps ? undefined : o.taps === "all" ? ("all" as const) : o.taps.split(",").map((s) => s.trim()).filter(Boolean);
  const gradClass = o.gradClass === undefined ? undefined : Number(o.gradClass);
  if (gradClass !== undefined && !(Number.isInteger(gradClass) && gradClass >= 0 && gradClass < cfg.numClasses))
    throw new LabCliError(`--grad-class ${o.gradClass}: must be an integer in [0, ${cfg.numClasses})`);
  if (gradClass !== undefined && !taps) throw new LabCliError("--grad-class needs --taps (the tensors to differentiate with respect to)");
  let graph: Graph;
  try {
    graph = buildNextViT(cfg, sd, { height: input.dims[2], width: input.dims[3], taps, fold: o.fold });
  } catch (e) {
    throw new LabCliError(oneLine(e));
  }
  graph = await withGradients(graph, gradClass);
  const outputs = await runOnnx(encodeModel(graph), { input: { dims: input.dims, data: input.data as Float32Array } });
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(outputs)) tensors[name] = { dtype: "float32", dims: t.dims, data: t.data };
  writeFileSync(o.out, writeSafetensors(tensors, { config: JSON.stringify(cfg), fold: String(!!o.fold) }));
  const logits = outputs.logits.data;
  const top = logits.indexOf(Math.max(...logits));
  process.stdout.write(`${o.out}: logits [${outputs.logits.dims.join(",")}] (top class ${top}) + ${Object.keys(outputs).length - 1} tensors\n`);
}

export function register(program: Command): void {
  program
    .command("infer")
    .description("run Next-ViT on one input; write logits and taps to a safetensors file")
    .requiredOption("--config <preset|file>", "S, B, L, or a JSON config (depths, mix_block_ratio, num_classes, strategy, ...)")
    .option("--weights <checkpoint>", "safetensors or .pth, official or timm layout (default: random init)")
    .option("--seed <n>", "seed of the random init when no --weights", "0")
    .requiredOption("--input <file>", "JPEG/PNG image, or safetensors with a tensor named input [1,3,H,W]")
    .option("--size <S>", "image inputs: crop size", "224")
    .option("--crop-pct <f>", "image inputs: resize short side to S/crop_pct before the centre crop", "0.875")
    .option("--taps <all|list>", "tap outputs: all, or a comma list like stem,features.6.e_mhsa")
    .option("--fold", "emit the deploy graph (BatchNorm folded)")
    .option("--grad-class <k>", "also write grad.<tap> = d logits[0,k] / d tap for every tap")
    .requiredOption("--out <file.safetensors>", "output file")
    .action((o: InferOptions) => infer(o));
}
