// `lab infer --model` (a manifest entry: weights checked by sha256, preprocessing from the entry)
// and `lab infer --arch` (any architecture of the zoo, random weights).
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { maxRelErr } from "../helpers/ort-node";
import { lab, makePublic, referenceLogits, syntheticPng } from "../helpers/lab-cli";

let pub: { root: string; manifest: string };
let image: string;
let imageBytes: Uint8Array;

beforeAll(() => {
  pub = makePublic();
  imageBytes = syntheticPng(3, 90, 70);
  image = join(pub.root, "photo.png");
  writeFileSync(image, imageBytes);
});

function logitsOf(path: string) {
  return readSafetensors(new Uint8Array(readFileSync(path))).tensors.get("logits")!;
}

afterAll(() => rmSync(pub.root, { recursive: true, force: true })); // holds a copy of the 29 MB fixture

describe("lab infer --model / --arch", () => {
  it("--model runs the manifest's weights at its preprocessing and prints named top-5", async () => {
    const out = join(pub.root, "model.safetensors");
    const r = await lab(["infer", "--manifest", pub.manifest, "--model", "mini", "--input", image, "--taps", "stem", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const got = logitsOf(out);
    expect(got.dims).toEqual([1, 10]);
    const [ref] = await referenceLogits([imageBytes]);
    // infer builds the unfolded graph (no --fold), the reference the folded one: same function.
    expect(maxRelErr(got.data as Float32Array, ref)).toBeLessThanOrEqual(1e-4);
    const names: string[] = JSON.parse(readFileSync("public/models/imagenette-classes.json", "utf8")).names;
    const top = ref.indexOf(Math.max(...ref));
    expect(r.stdout).toMatch(new RegExp(`^ +[0-9.]+% +${top}  ${names[top]}$`, "m"));
    expect(r.stdout).not.toMatch(/meaningless/);
  });

  it("--model refuses weights whose sha256 differs from the manifest", async () => {
    const r = await lab(["infer", "--manifest", pub.manifest, "--model", "mini-bad-sha", "--input", image, "--out", join(pub.root, "x")]);
    expect(r.code).toBe(1);
    const sha = createHash("sha256").update(readFileSync(join(pub.root, "public/models/mini.safetensors"))).digest("hex");
    expect(r.stderr.trim()).toMatch(new RegExp(`^lab: --model mini-bad-sha: .*does not match its manifest sha256 \\(expected [0-9a-f]{12}…, got ${sha.slice(0, 12)}…\\)`));
  });

  it("--arch resnet50 --num-classes 10 writes logits [1,10]", async () => {
    const out = join(pub.root, "resnet.safetensors");
    const r = await lab(["infer", "--arch", "resnet50", "--num-classes", "10", "--size", "64", "--input", image, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const logits = logitsOf(out);
    expect(logits.dims).toEqual([1, 10]);
    expect([...(logits.data as Float32Array)].every(Number.isFinite)).toBe(true);
    expect(r.stdout).toMatch(/random weights: predictions are meaningless/);
  });

  it("takes exactly one of --model, --arch, --config", async () => {
    for (const args of [[], ["--model", "mini", "--arch", "resnet50"]]) {
      const r = await lab(["infer", "--manifest", pub.manifest, ...args, "--input", image, "--out", join(pub.root, "y")]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^lab: give exactly one of --model <manifest id>, --arch/m);
    }
  });
});
