// The ablations of the paper (issue 17: shrink ratio r at its ends, NTBs stacked stage-wise) are one
// architecture in two languages too: the lab's seeded random weights for a variant, saved as safetensors,
// load into training/models.py's network built from the variant's block plan with no missing or unexpected
// key (training/logits.py refuses otherwise), and its eval-mode logits equal the lab's compiled graph.
// A small config keeps it fast; r = 0 (no E-MHSA), r = 1 (no MHCA) and NTB-only stages are the cases whose
// shapes differ from the paper's S. Needs training/.venv (training/setup.sh; the test command makes it).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeSafetensors } from "../../lib/checkpoint/safetensors";
import { configFromJson, planNextViT } from "../../lib/nextvit";
import { compileNextViT, randomWeights } from "../../lib/runtime/build-model";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

const run = promisify(execFile);
const PY = "training/.venv/bin/python";
const dir = mkdtempSync(join(tmpdir(), "lab-train-variants-"));
const tiny = JSON.parse(readFileSync("training/tests/fixtures/config-tiny.json", "utf8")) as Record<string, unknown>;

const VARIANTS: [string, Record<string, unknown>][] = [
  ["r = 0 (NTBs without E-MHSA)", { mix_block_ratio: 0 }],
  ["r = 1 (NTBs without MHCA)", { mix_block_ratio: 1 }],
  ["NTB-only stages (stage-wise strategies)", { stages: ["C", "CC", "TT", "TT"] }],
];

describe("ablation variants: PyTorch (training/models.py) and the lab build the same network", () => {
  it.each(VARIANTS)("%s", async (name, overrides) => {
    const cfg = configFromJson({ ...tiny, ...overrides, num_classes: 10 });
    const slug = name.replace(/[^a-z0-9]+/gi, "-");
    const plan = join(dir, `plan-${slug}.json`);
    const weights = join(dir, `w-${slug}.safetensors`);
    const input = join(dir, `x-${slug}.safetensors`);
    writeFileSync(plan, JSON.stringify({ ...cfg, blocks: planNextViT(cfg) }));
    const sd = randomWeights(cfg, 7);
    writeFileSync(weights, writeSafetensors(sd));
    const size = 64;
    const data = new Float32Array(3 * size * size).map((_, i) => Math.sin(i * 0.37) * 1.5);
    writeFileSync(input, writeSafetensors({ input: { dtype: "float32", dims: [1, 3, size, size], data } }));
    const { stdout } = await run(PY, ["training/logits.py", "--plan", plan, "--weights", weights, "--input", input], { encoding: "utf8" });
    const torchLogits = (JSON.parse(stdout) as { logits: number[][] }).logits[0];
    const outs = await runOnnx(compileNextViT(cfg, sd, size).onnx, { input: { dims: [1, 3, size, size], data } });
    const ours = outs.logits.data as Float32Array;
    expect(ours.length).toBe(10);
    expect(maxRelErr(ours, torchLogits)).toBeLessThanOrEqual(1e-4);
    expect(Math.max(...ours) - Math.min(...ours)).toBeGreaterThan(1e-3); // not a constant output
  }, 120_000);
});
