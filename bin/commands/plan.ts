// `lab plan`: the block plan the compiler builds a Next-ViT from, as JSON, so the PyTorch trainer
// (training/nextvit.py) builds the very same network: one source of truth per architecture.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { LabCliError } from "../errors";
import { planNextViT } from "../../lib/nextvit";
import { resolveConfig } from "./infer";

interface PlanOptions {
  config: string;
  numClasses?: string;
  out?: string;
}

function plan(o: PlanOptions): void {
  let cfg = resolveConfig(o.config);
  if (o.numClasses !== undefined) {
    const n = Number(o.numClasses);
    if (!Number.isInteger(n) || n < 1) throw new LabCliError(`--num-classes ${o.numClasses}: must be a positive integer`);
    cfg = { ...cfg, numClasses: n };
  }
  const json = `${JSON.stringify({ ...cfg, blocks: planNextViT(cfg) }, null, 1)}\n`;
  if (o.out) writeFileSync(o.out, json);
  else process.stdout.write(json);
}

export function register(program: Command): void {
  program
    .command("plan")
    .description("print a Next-ViT's config and block plan as JSON (what training/nextvit.py builds)")
    .requiredOption("--config <preset|file>", "S, B, L, or a JSON config (depths, mix_block_ratio, strategy, ...)")
    .option("--num-classes <n>", "classifier width (e.g. 10 for Imagenette)")
    .option("--out <file.json>", "write here instead of stdout")
    .action((o: PlanOptions) => plan(o));
}
