// Which model a command runs: a manifest entry (--model), an architecture by name (--arch) or a
// Next-ViT config (--config). Each resolves to its weights, loaded once, and a function that
// compiles the graph at an input size, with the preprocessing and class names that go with it.
// Manifest entries are compiled by the same functions as in the lab's worker, so the CLI and the
// browser run one graph.
import { existsSync, readFileSync } from "node:fs";
import { LabCliError } from "../errors";
import { loadCheckpoint } from "../../lib/checkpoint/load";
import { randomStateDict } from "../../lib/checkpoint/random";
import type { StateDict } from "../../lib/checkpoint/types";
import { ARCHITECTURES, architecture } from "../../lib/baselines/registry";
import { IMAGENET_MEAN, IMAGENET_STD, type PreprocessConfig } from "../../lib/image/preprocess";
import { type NextViTConfig, type PresetName, buildNextViT, configFromJson, nextvitParamSpec, nextvitPreset } from "../../lib/nextvit";
import type { Graph } from "../../lib/onnx/ir";
import { inferShapes } from "../../lib/onnx/shapes";
import { adoptCheckpoint, configFor, randomWeights } from "../../lib/runtime/build-model";
import { buildZooGraph } from "../../lib/runtime/build-zoo";
import type { ModelEntry } from "../../lib/runtime/manifest";
import { DEFAULT_MANIFEST, type ManifestFile, findEntry, oneLine, readLabelFile, readManifestFile, readManifestWeights } from "./manifest-file";

const NEXTVIT_ARCHS: Record<string, PresetName> = { "nextvit-s": "S", "nextvit-b": "B", "nextvit-l": "L" };
export const ARCH_IDS = [...Object.keys(NEXTVIT_ARCHS), ...ARCHITECTURES.map((a) => a.id)];
const PRESET_ALIASES: Record<string, PresetName> = { s: "S", small: "S", b: "B", base: "B", l: "L", large: "L" };
// Classifier weights of every layout the lab reads; the first dimension is the class count.
const HEAD_KEYS = ["proj_head.0.weight", "head.fc.weight", "head.l.weight", "head.linear.weight", "head.weight", "fc.weight"];

export interface SourceOptions {
  model?: string;
  arch?: string;
  config?: string;
  numClasses?: string;
  weights?: string;
  seed?: string;
  manifest?: string;
}

export interface GraphRequest {
  height: number;
  width: number;
  taps?: "all" | string[];
  fold?: boolean;
}

export interface ModelSource {
  /** Default input preprocessing (--size / --crop-pct override it). */
  preprocess: PreprocessConfig;
  /** Random weights: predictions mean nothing. */
  untrained: boolean;
  /** The IR graph with `logits` [1, classes] and the requested taps; errors are LabCliErrors. */
  build(req: GraphRequest): Graph;
  /** Class names for a logits width, or null when the classes are unknown. */
  labels(numClasses: number): string[] | null;
  /** Written into the output file's safetensors metadata. */
  metadata: Record<string, string>;
}

export function readFile(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new LabCliError(`${what} ${path} does not exist`);
  return new Uint8Array(readFileSync(path));
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

function loadWeights(path: string): StateDict {
  const bytes = readFile(path, "--weights");
  try {
    return loadCheckpoint(bytes, path);
  } catch (e) {
    throw new LabCliError(`--weights ${path}: ${oneLine(e)}`);
  }
}

function headClasses(sd: StateDict | null): number | undefined {
  return sd ? HEAD_KEYS.map((k) => sd.get(k)).find(Boolean)?.dims[0] : undefined;
}

function positiveInt(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new LabCliError(`${flag} ${value}: must be an integer ≥ ${min}`);
  return n;
}

/** Compiler errors (a tensor that does not fit, an unknown tap, a size too small) as one CLI line. */
function guarded(build: (r: GraphRequest) => Graph): (r: GraphRequest) => Graph {
  return (r) => {
    try {
      return build(r);
    } catch (e) {
      throw e instanceof LabCliError ? e : new LabCliError(oneLine(e));
    }
  };
}

/** The logits width of a built graph (the zoo's builders leave output dims to be inferred). */
export function classCount(graph: Graph): number {
  const declared = graph.outputs.find((x) => x.name === "logits")?.dims[1];
  return typeof declared === "number" ? declared : inferShapes(graph).get("logits")![1];
}

function squareSide(r: GraphRequest, what: string): number {
  if (r.height !== r.width) throw new LabCliError(`${what} takes square inputs; the input is ${r.height}×${r.width}`);
  return r.height;
}

/** Class names by the manifest's label sets: the entry's own set, else by class count as the lab's worker does. */
function labelsFrom(mf: ManifestFile | null, own?: ModelEntry["labels"]): (n: number) => string[] | null {
  return (n) => {
    if (!mf) return null;
    const byCount: ModelEntry["labels"] | undefined = n === 1000 ? "imagenet" : n === 10 ? "imagenette" : undefined;
    for (const set of [own, byCount]) {
      if (!set) continue;
      const names = readLabelFile(mf, set).names;
      if (names.length === n) return names;
    }
    return null;
  };
}

function randomNotice(seed: number): void {
  process.stderr.write(`lab: no --weights given: using deterministic random weights (seed ${seed})\n`);
}

function fromManifest(o: SourceOptions, mf: ManifestFile): ModelSource {
  const entry = findEntry(mf, o.model!);
  if (o.numClasses !== undefined) throw new LabCliError(`--num-classes: --model ${entry.id} takes its class count from the manifest (or from --weights)`);
  if (o.seed !== undefined) throw new LabCliError(`--seed: --model ${entry.id} takes its weights from the manifest; use --arch for other seeds`);
  let weights: { bytes: Uint8Array; name: string } | null = null;
  let where = `--model ${entry.id}`;
  if (o.weights) {
    weights = { bytes: readFile(o.weights, "--weights"), name: o.weights };
    where = `--weights ${o.weights}`;
  } else if (entry.weights.kind === "file") {
    weights = readManifestWeights(mf, entry);
  } else {
    process.stderr.write(`lab: ${entry.id} is untrained: using its deterministic random weights (seed ${entry.weights.seed}), as the lab does\n`);
  }
  const base = {
    preprocess: { size: entry.preprocess.size, cropPct: entry.preprocess.cropPct, mean: entry.preprocess.mean, std: entry.preprocess.std },
    untrained: !weights,
    labels: labelsFrom(mf, entry.labels),
  };
  if (entry.family !== "nextvit") {
    if (weights) {
      try {
        loadCheckpoint(weights.bytes, weights.name); // fail on an unreadable file before any image work
      } catch (e) {
        throw new LabCliError(`${where}: ${oneLine(e)}`);
      }
    }
    const build = (r: GraphRequest) => buildZooGraph(entry, squareSide(r, entry.title), { bytes: weights?.bytes ?? null, name: weights?.name ?? "" }, false, r.taps).graph;
    return { ...base, build: guarded(build), metadata: { model: entry.id, arch: entry.arch } };
  }
  let adopted: { sd: StateDict; cfg: NextViTConfig };
  try {
    adopted = weights ? adoptCheckpoint(weights.bytes, weights.name, entry) : (() => {
      const cfg = configFor(entry, entry.numClasses);
      return { cfg, sd: randomWeights(cfg, (entry.weights as { seed: number }).seed) };
    })();
  } catch (e) {
    throw new LabCliError(`${where}: ${oneLine(e)}`);
  }
  const { sd, cfg } = adopted;
  return { ...base, build: guarded((r) => buildNextViT(cfg, sd, r)), metadata: { model: entry.id, config: JSON.stringify(cfg) } };
}

function fromArch(o: SourceOptions, mf: ManifestFile | null, seed: number): ModelSource {
  const id = o.arch!.toLowerCase();
  if (!ARCH_IDS.includes(id)) throw new LabCliError(`--arch ${o.arch}: unknown architecture; choose one of ${ARCH_IDS.join(", ")}`);
  const loaded = o.weights ? loadWeights(o.weights) : null;
  if (!loaded) randomNotice(seed);
  const numClasses = positiveInt(o.numClasses, "--num-classes", 1) ?? headClasses(loaded) ?? 1000;
  const common = { untrained: !loaded, labels: labelsFrom(mf) };
  const preset = NEXTVIT_ARCHS[id];
  if (preset) {
    const cfg = nextvitPreset(preset, { numClasses });
    const sd = loaded ?? randomStateDict(nextvitParamSpec(cfg), seed);
    return {
      ...common, preprocess: { size: 224, cropPct: 0.875, mean: IMAGENET_MEAN, std: IMAGENET_STD },
      build: guarded((r) => buildNextViT(cfg, sd, r)), metadata: { arch: id, config: JSON.stringify(cfg) },
    };
  }
  const arch = architecture(id);
  const build = (r: GraphRequest) => {
    const size = squareSide(r, arch.title);
    // LeViT's attention-bias tables follow the input size, so random weights are drawn per size.
    const sd = loaded ?? randomStateDict(arch.paramSpec(numClasses, size), seed);
    return arch.build(sd, { size, numClasses, taps: r.taps, fold: r.fold });
  };
  return {
    ...common, preprocess: { size: arch.defaultSize, cropPct: arch.cropPct, mean: IMAGENET_MEAN, std: IMAGENET_STD },
    build: guarded(build), metadata: { arch: id, numClasses: String(numClasses) },
  };
}

function fromConfig(o: SourceOptions, mf: ManifestFile | null, seed: number): ModelSource {
  let cfg = resolveConfig(o.config!);
  const numClasses = positiveInt(o.numClasses, "--num-classes", 1);
  if (numClasses !== undefined) cfg = { ...cfg, numClasses };
  let sd: StateDict;
  if (o.weights) sd = loadWeights(o.weights);
  else {
    randomNotice(seed);
    sd = randomStateDict(nextvitParamSpec(cfg), seed);
  }
  return {
    preprocess: { size: 224, cropPct: 0.875, mean: IMAGENET_MEAN, std: IMAGENET_STD },
    untrained: !o.weights, labels: labelsFrom(mf),
    build: guarded((r) => buildNextViT(cfg, sd, r)), metadata: { config: JSON.stringify(cfg) },
  };
}

export function resolveModelSource(o: SourceOptions): ModelSource {
  const given = (["model", "arch", "config"] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1)
    throw new LabCliError(`give exactly one of --model <manifest id>, --arch <${ARCH_IDS.join("|")}>, --config <preset|file>${given.length ? ` (got --${given.join(", --")})` : ""}`);
  if (o.model !== undefined) return fromManifest(o, readManifestFile(o.manifest ?? DEFAULT_MANIFEST));
  const seed = positiveInt(o.seed, "--seed", 0) ?? 0;
  // Class names only: a missing manifest (running outside the repository) just means indices.
  const path = o.manifest ?? DEFAULT_MANIFEST;
  const mf = existsSync(path) ? readManifestFile(path) : null;
  return o.arch !== undefined ? fromArch(o, mf, seed) : fromConfig(o, mf, seed);
}
