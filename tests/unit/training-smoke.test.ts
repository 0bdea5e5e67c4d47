// The trainer end to end on a tiny synthetic data set: training/train.py runs a few steps from the lab's
// block plan, training/export.py ships float16 safetensors and a manifest entry, and the lab compiles that
// entry exactly as the browser worker does (compileEntry) and runs it in onnxruntime-node. Its logits must
// equal PyTorch's eval-mode logits of the same file on the same input: any key, layout or BatchNorm drift
// between trainer and lab shows here. Needs training/.venv (training/setup.sh; the test command makes it).
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeSafetensors } from "../../lib/checkpoint/safetensors";
import { configFromJson, planNextViT } from "../../lib/nextvit";
import { compileEntry } from "../../lib/runtime/build-model";
import { parseManifest } from "../../lib/runtime/manifest";
import { maxRelErr, runOnnx } from "../helpers/ort-node";

const run = promisify(execFile);
const PY = "training/.venv/bin/python";
const dir = mkdtempSync(join(tmpdir(), "lab-train-smoke-"));

async function py(args: string[]): Promise<string> {
  try {
    return (await run(PY, args, { encoding: "utf8", maxBuffer: 1 << 24 })).stdout;
  } catch (e) {
    const x = e as { stderr?: string; message: string };
    throw new Error(`${PY} ${args.join(" ")} failed: ${x.stderr?.trim().split("\n").slice(-3).join(" | ") ?? x.message}`);
  }
}

describe("training smoke test: trainer -> export -> lab", () => {
  it("trains a few steps, exports, and the lab's logits equal PyTorch's (1e-4 relative)", async () => {
    // A small Next-ViT with every block kind (NCB, NTB with both branches, E-MHSA with sr > 1), 10 classes.
    const overrides = JSON.parse(readFileSync("training/tests/fixtures/config-tiny.json", "utf8")) as Record<string, unknown>;
    const cfg = configFromJson({ ...overrides, num_classes: 10 });
    writeFileSync(join(dir, "plan.json"), JSON.stringify({ ...cfg, blocks: planNextViT(cfg) }));
    await py(["training/tests/tiny_dataset.py", dir, "3"]);
    const out = await py(["training/train.py", "--plan", join(dir, "plan.json"), "--out", join(dir, "run"), "--recipe", "smoke",
      "--epochs", "1", "--max-steps", "3", "--train-zip", join(dir, "train.zip"), "--val-zip", join(dir, "val.zip"),
      "--cache", join(dir, "cache"), "--no-progress", "--threads", "2"]);
    expect(out).toMatch(/final: (raw|ema)[^\n]* at 64 px: val top-1 [\d.]+% \(10 images\)/);
    const log = JSON.parse(readFileSync(join(dir, "run", "log.json"), "utf8"));
    expect(log.epochs).toHaveLength(1);
    expect(log.machine.torch).toMatch(/^2\./);

    // Export next to a manifest of our own: the entry must satisfy the lab's schema.
    mkdirSync(join(dir, "models"));
    copyFileSync("public/models/manifest.json", join(dir, "models", "manifest.json"));
    const { stemChs, stages, ncbChannels, ntbChannels, headDim, mixBlockRatio } = cfg;
    const config = JSON.stringify({ stemChs, stages, ncbChannels, ntbChannels, headDim, mixBlockRatio });
    await py(["training/export.py", "--run", join(dir, "run"), "--id", "smoke-nextvit", "--title", "smoke", "--size", "S",
      "--config", config, "--manifest", join(dir, "models", "manifest.json"), "--logs-dir", join(dir, "logs")]);
    const manifest = parseManifest(JSON.parse(readFileSync(join(dir, "models", "manifest.json"), "utf8")));
    const entry = manifest.models.find((m) => m.id === "smoke-nextvit")!;
    expect(entry.weights.kind).toBe("file");
    expect(entry.training?.epochs).toBe(1);
    expect(entry.training?.recipeName).toBe("smoke");
    const bytes = new Uint8Array(readFileSync(join(dir, "models", "smoke-nextvit.safetensors")));

    // The same input through both.
    const size = 64;
    const data = new Float32Array(3 * size * size).map((_, i) => Math.sin(i * 0.37) * 1.5);
    writeFileSync(join(dir, "input.safetensors"), writeSafetensors({ input: { dtype: "float32", dims: [1, 3, size, size], data } }));
    const torchLogits = (JSON.parse(await py(["training/logits.py", "--plan", join(dir, "plan.json"), "--weights",
      join(dir, "models", "smoke-nextvit.safetensors"), "--input", join(dir, "input.safetensors")])) as { logits: number[][] }).logits[0];
    const built = compileEntry(entry, size, bytes, "smoke-nextvit.safetensors");
    const outs = await runOnnx(built.onnx, { input: { dims: [1, 3, size, size], data } });
    const ours = outs.logits.data as Float32Array;
    expect(ours.length).toBe(10);
    const err = maxRelErr(ours, torchLogits);
    console.log(`training smoke: lab vs PyTorch logits ${err.toExponential(2)} relative`);
    expect(err).toBeLessThanOrEqual(1e-4);
    // And not trivially: the logits differ between classes.
    expect(Math.max(...ours) - Math.min(...ours)).toBeGreaterThan(1e-3);

    // The ablation variants' storage: export --int8 measures itself against float16 (16 val images), refuses a
    // model it moves too far (this barely trained net's ΔlogA moves by ~0.013, over the 1e-2 gate meant for
    // trained nets), says so in the manifest, and the lab reads the int8 file to the logits PyTorch gets from it.
    const int8Args = ["training/export.py", "--run", join(dir, "run"), "--id", "smoke-nextvit-int8", "--title", "smoke int8",
      "--size", "S", "--config", config, "--int8", "--check-zip", join(dir, "val.zip"),
      "--manifest", join(dir, "models", "manifest.json"), "--logs-dir", join(dir, "logs")];
    await expect(py([...int8Args, "--int8-gate", "1e-4"])).rejects.toThrow(/over the 0\.0001 gates: ship this model as float16/);
    const out8 = await py([...int8Args, "--int8-gate", "0.1"]);
    expect(out8).toMatch(/int8 check .*'relToMaxLogit'/);
    const entry8 = parseManifest(JSON.parse(readFileSync(join(dir, "models", "manifest.json"), "utf8"))).models.find((m) => m.id === "smoke-nextvit-int8")!;
    expect(entry8.storage).toMatch(/^safetensors int8 per output channel .* logits max \|Δ\| [\d.e-]+ = [\d.]+% of the largest logit, top-1 agrees on \d+\/16, block-output ΔlogA \(image mean\) max \|Δ\| [\d.e-]+$/);
    const file8 = join(dir, "models", "smoke-nextvit-int8.safetensors");
    const bytes8 = new Uint8Array(readFileSync(file8));
    expect(bytes8.length).toBeLessThan(bytes.length);
    const torch8 = (JSON.parse(await py(["training/logits.py", "--plan", join(dir, "plan.json"), "--weights", file8,
      "--input", join(dir, "input.safetensors")])) as { logits: number[][] }).logits[0];
    const ours8 = (await runOnnx(compileEntry(entry8, size, bytes8, "smoke-nextvit-int8.safetensors").onnx, { input: { dims: [1, 3, size, size], data } })).logits.data as Float32Array;
    expect(maxRelErr(ours8, torch8)).toBeLessThanOrEqual(1e-4);
    expect(maxRelErr(ours8, ours)).toBeGreaterThan(0); // int8 really is another file
  }, 300_000);
});
