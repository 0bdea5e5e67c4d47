// `lab eval`: top-1 accuracy of a manifest model on a folder or zip of class folders, measured in
// Node exactly as the lab predicts in the browser: the same preprocessing (lib/image/preprocess.ts
// at the manifest's size and crop), the same BatchNorm-folded float32 graph compiled from the
// shipped weights, onnxruntime. --record writes the result into the manifest entry.
import { type Command, Option } from "commander";
import { LabCliError } from "../errors";
import { encodeModel } from "../../lib/onnx/encode";
import { createSession, runSession } from "../../lib/onnx/ort-node";
import { type Dataset, openDataset, spread } from "./eval-data";
import { PrepareError, defaultWorkers, prepared } from "./eval-prepare";
import { DEFAULT_MANIFEST, findEntry, oneLine, readLabelFile, readManifestFile, recordAccuracy } from "./manifest-file";
import { classCount, resolveModelSource } from "./model-source";
import { Progress } from "./progress";

interface EvalOptions {
  model: string;
  data: string;
  limit?: string;
  size?: string;
  batch: string;
  workers?: string;
  record?: boolean;
  manifest: string;
}

function intOption(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new LabCliError(`${flag} ${value}: must be an integer ≥ ${min}`);
  return n;
}

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** What --record calls the data: Imagenette's val split by its name, anything else by its file name. */
function datasetName(data: Dataset, n: number): string {
  const name = /imagenette/i.test(data.name) && /val/i.test(data.name) ? "Imagenette val" : data.name;
  return `${name} (${n} images)`;
}

async function evaluate(o: EvalOptions): Promise<void> {
  const mf = readManifestFile(o.manifest);
  const entry = findEntry(mf, o.model);
  const limit = intOption(o.limit, "--limit", 1);
  const size = intOption(o.size, "--size", 32) ?? entry.preprocess.size;
  // Every graph the compiler emits has batch dimension 1 (E-MHSA, LeViT and Swin reshape for
  // one image), so images go through onnxruntime one at a time.
  if (intOption(o.batch, "--batch", 1) !== 1)
    throw new LabCliError(`--batch ${o.batch}: the compiled graphs take one image per run (batch dimension 1); leave --batch out`);
  const workers = intOption(o.workers, "--workers", 0) ?? defaultWorkers();
  if (o.record && entry.weights.kind === "random")
    throw new LabCliError(`--record: ${entry.id} has random weights; an untrained model's accuracy is not worth recording`);
  const labels = readLabelFile(mf, entry.labels);
  if (!labels.wnids) throw new LabCliError(`--model ${entry.id}: its label set "${entry.labels}" (${mf.manifest.labelSets[entry.labels]}) has no wnids list to map class folders to classes`);
  if (labels.wnids.length !== entry.numClasses)
    throw new LabCliError(`--model ${entry.id}: ${entry.numClasses} classes but its label set "${entry.labels}" lists ${labels.wnids.length} wnids`);

  const data = openDataset(o.data, labels.wnids, entry.labels);
  try {
    const samples = spread(data.samples, limit);
    if (data.ignored.length) process.stderr.write(`lab: ignored ${data.ignored.length} files that are not .jpg/.jpeg/.png (${data.ignored[0]}, …)\n`);
    const src = resolveModelSource({ model: o.model, manifest: o.manifest });
    const graph = src.build({ height: size, width: size, fold: true });
    const classes = classCount(graph);
    if (classes !== entry.numClasses) throw new LabCliError(`--model ${entry.id}: the weights have ${classes} classes, the manifest says ${entry.numClasses}`);
    const session = await createSession(encodeModel(graph));
    const pre = { ...src.preprocess, size };
    process.stderr.write(`lab: ${entry.id} at ${size} px (crop ${pre.cropPct}) on ${samples.length} of ${data.samples.length} images in ${o.data}; ${workers || "no"} preprocessing workers\n`);

    const progress = new Progress(samples.length);
    const perClass = labels.wnids.map(() => ({ n: 0, correct: 0 }));
    let correct = 0;
    try {
      let i = 0;
      for await (const x of prepared(samples, pre, workers)) {
        const s = samples[i++];
        const out = await runSession(session, { input: { dims: [1, 3, size, size], data: x } });
        const hit = argmax(out.logits.data) === s.label;
        correct += Number(hit);
        perClass[s.label].n++;
        perClass[s.label].correct += Number(hit);
        progress.update(i, `top-1 ${((100 * correct) / i).toFixed(2)}%`);
      }
    } catch (e) {
      progress.interrupt();
      if (e instanceof PrepareError) throw new LabCliError(`--data ${o.data}: ${e.sample.path}: ${oneLine(e)}; remove or re-encode it`);
      throw e;
    } finally {
      await session.release();
    }
    const n = samples.length;
    const top1 = (100 * correct) / n;
    const t = progress.finish(n, `top-1 ${top1.toFixed(2)}%`);
    process.stderr.write(`lab: ${n} images in ${t.seconds.toFixed(1)} s (${t.rate.toFixed(1)} images/s)\n`);
    if (labels.wnids.length <= 20) {
      for (const [k, c] of perClass.entries())
        if (c.n) process.stdout.write(`  ${labels.wnids[k]} ${labels.names[k].padEnd(20)} ${((100 * c.correct) / c.n).toFixed(2).padStart(6)}% of ${c.n}\n`);
    }
    if (o.record) {
      const accuracy = {
        dataset: datasetName(data, n),
        top1: Number(top1.toFixed(2)),
        source: `npm run lab -- eval (onnxruntime-node, float32, lab preprocessing at ${size} px)`,
      };
      const wasCanonical = recordAccuracy(o.manifest, entry.id, entry.weights, accuracy);
      process.stderr.write(`lab: recorded top-1 ${accuracy.top1.toFixed(2)}% on ${accuracy.dataset} for ${entry.id} in ${o.manifest}\n`);
      if (!wasCanonical) process.stderr.write(`lab: ${o.manifest} was not in the lab's format (JSON.stringify(…, null, 2)); rewritten in it, so other lines changed in formatting only\n`);
    }
    process.stdout.write(`top-1 ${top1.toFixed(2)}% (${n} images)\n`);
  } finally {
    data.close();
  }
}

export function register(program: Command): void {
  program
    .command("eval")
    .description("top-1 accuracy of a manifest model on a zip or folder of <wnid>/<image> class folders, as the lab predicts")
    .requiredOption("--model <id>", "a model of public/models/manifest.json (its weights, classes and preprocessing)")
    .requiredOption("--data <zip|folder>", "images in class folders named by WNID: <anything>/<wnid>/<image> or <wnid>/<image>")
    .option("--limit <N>", "evaluate N images, evenly spread over the sorted list (every class in proportion)")
    .option("--size <S>", "input size (default: the manifest's preprocess.size; the crop percentage stays the manifest's)")
    .option("--batch <B>", "images per onnxruntime run; the compiled graphs take 1", "1")
    .option("--workers <n>", "threads that decode and preprocess images ahead of the model (default: a quarter of the cores, at most 4; 0 = inline)")
    .option("--record", "write the result into the manifest entry's accuracy field")
    .addOption(new Option("--manifest <file>", "manifest to read and --record into (tests)").default(DEFAULT_MANIFEST).hideHelp())
    .action((o: EvalOptions) => evaluate(o));
}
