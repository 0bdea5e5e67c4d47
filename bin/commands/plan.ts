// `lab plan`: the config and derived block plan the compiler builds a network from, as JSON, so the
// PyTorch trainer (training/models.py) builds the very same network: one source of truth per
// architecture. Next-ViT by --config (preset or JSON file) or --arch nextvit-s/b/l; the comparison
// models by --arch (the registry's `plan`: ResNet-50, Swin-T, LeViT).
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { LabCliError } from "../errors";
import { ARCHITECTURES, architecture } from "../../lib/baselines/registry";
import { type NextViTConfig, nextvitPreset, planNextViT } from "../../lib/nextvit";
import { resolveConfig } from "./infer";

export interface PlanOptions {
  config?: string;
  arch?: string;
  numClasses?: string;
  size?: string;
  out?: string;
}

const NEXTVIT_ARCHS: Record<string, "S" | "B" | "L"> = { "nextvit-s": "S", "nextvit-b": "B", "nextvit-l": "L" };
const PLAN_ARCHS = [...Object.keys(NEXTVIT_ARCHS), ...ARCHITECTURES.map((a) => a.id)];

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LabCliError(`${flag} ${value}: must be a positive integer`);
  return n;
}

function nextvitPlan(cfg: NextViTConfig, numClasses: number | undefined): Record<string, unknown> {
  const c = numClasses === undefined ? cfg : { ...cfg, numClasses };
  return { family: "nextvit", ...c, blocks: planNextViT(c) };
}

export function makePlan(o: PlanOptions): Record<string, unknown> {
  if ((o.config === undefined) === (o.arch === undefined)) {
    throw new LabCliError(`give exactly one of --config <preset|file> (Next-ViT) or --arch <${PLAN_ARCHS.join("|")}>`);
  }
  const numClasses = positive(o.numClasses, "--num-classes");
  const size = positive(o.size, "--size");
  const id = o.arch?.toLowerCase();
  if (o.config !== undefined || NEXTVIT_ARCHS[id!]) {
    if (size !== undefined) throw new LabCliError("--size: a Next-ViT plan does not depend on the input size (it runs at any size)");
    return nextvitPlan(o.config !== undefined ? resolveConfig(o.config) : nextvitPreset(NEXTVIT_ARCHS[id!]), numClasses);
  }
  if (!PLAN_ARCHS.includes(id!)) throw new LabCliError(`--arch ${o.arch}: unknown architecture; choose one of ${PLAN_ARCHS.join(", ")}`);
  const arch = architecture(id!);
  if (size !== undefined && arch.family === "resnet") {
    throw new LabCliError(`--size: the ${arch.id} plan does not depend on the input size (it runs at any size)`);
  }
  // LeViT's bias tables and Swin's windows are built for one size: only the sizes the lab builds.
  if (size !== undefined && !arch.sizes.includes(size)) {
    throw new LabCliError(`--size ${size}: ${arch.id} is built at ${arch.sizes.join(", ")} px`);
  }
  return arch.plan(numClasses ?? 1000, size ?? arch.defaultSize);
}

function plan(o: PlanOptions): void {
  const json = `${JSON.stringify(makePlan(o), null, 1)}\n`;
  if (o.out) writeFileSync(o.out, json);
  else process.stdout.write(json);
}

export function register(program: Command): void {
  program
    .command("plan")
    .description("print a model's config and block plan as JSON (what training/models.py builds)")
    .option("--config <preset|file>", "Next-ViT: S, B, L, or a JSON config (depths, mix_block_ratio, strategy, ...)")
    .option("--arch <name>", `an architecture: ${PLAN_ARCHS.join(", ")}`)
    .option("--num-classes <n>", "classifier width (e.g. 10 for Imagenette; --arch default 1000)")
    .option("--size <px>", "--arch LeViT / Swin: the square input size the model is built for (default: the lab's)")
    .option("--out <file.json>", "write here instead of stdout")
    .action((o: PlanOptions) => plan(o));
}
