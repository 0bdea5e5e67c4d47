// Shared by the `lab infer --model` and `lab eval` tests: a throw-away public/ folder holding a
// manifest with the nextvit-mini fixture (10 classes, official layout) as a trained Imagenette
// model, synthetic PNG photos, the same model run image by image through the library, and a
// runner for the CLI.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { loadCheckpoint } from "../../lib/checkpoint/load";
import { decodeImageNode } from "../../lib/image/decode-node";
import { IMAGENET_MEAN, IMAGENET_STD, preprocess } from "../../lib/image/preprocess";
import { buildNextViT, nextvitPreset } from "../../lib/nextvit";
import { encodeModel } from "../../lib/onnx/encode";
import { createSession, runSession } from "../../lib/onnx/ort-node";

const run = promisify(execFile);
const FIXTURE = "tests/fixtures/nextvit-mini/nextvit-mini.official.safetensors";
export const MINI_SIZE = 64; // small enough to keep every run fast, large enough for the E-MHSA pooling
export const WNIDS: string[] = JSON.parse(readFileSync("public/models/imagenette-classes.json", "utf8")).wnids;

export async function lab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run("npx", ["tsx", "bin/lab.ts", ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

function entry(id: string, sha256: string, bytes: number) {
  return {
    id, family: "nextvit", size: "S", title: `${id} (test)`, config: { depths: [1, 1, 5, 1] }, numClasses: 10, labels: "imagenette",
    resolutions: [MINI_SIZE],
    preprocess: { size: MINI_SIZE, cropPct: 0.875, interpolation: "bicubic", mean: IMAGENET_MEAN, std: IMAGENET_STD },
    weights: { kind: "file", url: "/models/mini.safetensors", sha256, bytes, format: "safetensors", layout: "official" },
    trainedOn: "nothing: the nextvit-mini parity fixture", accuracy: null, storage: "test fixture",
  };
}

/**
 * `<root>/public/models/manifest.json` listing `mini` (the fixture, correct sha256) and
 * `mini-bad-sha` (the same file under a wrong sha256), with the lab's label sets beside it.
 */
export function makePublic(): { root: string; manifest: string } {
  const root = mkdtempSync(join(tmpdir(), "lab-cli-"));
  const models = join(root, "public", "models");
  mkdirSync(models, { recursive: true });
  copyFileSync(FIXTURE, join(models, "mini.safetensors"));
  for (const f of ["imagenet-classes.json", "imagenette-classes.json"]) copyFileSync(join("public/models", f), join(models, f));
  const bytes = readFileSync(FIXTURE);
  const sha = createHash("sha256").update(bytes).digest("hex");
  const manifest = {
    version: 1,
    labelSets: { imagenet: "/models/imagenet-classes.json", imagenette: "/models/imagenette-classes.json" },
    models: [entry("mini", sha, bytes.length), entry("mini-bad-sha", sha.replace(/^./, sha[0] === "0" ? "1" : "0"), bytes.length)],
  };
  const path = join(models, "manifest.json");
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { root, manifest: path };
}

/**
 * A deterministic synthetic picture: a background colour, stripes and a disc, all varying with
 * k. (The mini fixture's random weights give smooth waves one class; these give several.)
 */
export function syntheticPng(k: number, width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  const bg = [(k * 97) % 256, (k * 57 + 80) % 256, (k * 31 + 160) % 256];
  const fg = [255 - bg[0], (bg[1] + 128) % 256, bg[2] >> 1];
  const cx = width * (0.3 + 0.05 * (k % 5)), cy = height * (0.4 + 0.04 * (k % 4)), r = Math.min(width, height) * (0.15 + 0.03 * (k % 6));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = 4 * (y * width + x);
      const disc = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
      const dark = k % 2 === 1 && ((x + 2 * y) >> (2 + (k % 3))) % 2 === 1;
      for (let c = 0; c < 3; c++) png.data[p + c] = disc ? fg[c] : dark ? bg[c] >> 1 : bg[c];
      png.data[p + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** Logits of each image by the library path (decode, preprocess, folded graph, onnxruntime), one image per run. */
export async function referenceLogits(images: Uint8Array[]): Promise<Float32Array[]> {
  const cfg = nextvitPreset("S", { depths: [1, 1, 5, 1], numClasses: 10 });
  const graph = buildNextViT(cfg, loadCheckpoint(new Uint8Array(readFileSync(FIXTURE))), { height: MINI_SIZE, width: MINI_SIZE, fold: true });
  const session = await createSession(encodeModel(graph));
  const out: Float32Array[] = [];
  for (const bytes of images) {
    const x = preprocess(decodeImageNode(bytes), { size: MINI_SIZE, cropPct: 0.875, mean: IMAGENET_MEAN, std: IMAGENET_STD });
    out.push((await runSession(session, { input: { dims: [1, 3, MINI_SIZE, MINI_SIZE], data: x } })).logits.data);
  }
  await session.release();
  return out;
}

export function argmax(v: Float32Array): number {
  return v.indexOf(Math.max(...v));
}
