// Bad checkpoints through "Load weights" (file chooser and URL) and a manifest whose sha256
// does not match: each ends in a typed alert naming the LAB1nn problem, never a hang, and the
// model that was loaded before keeps running images.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { writeSafetensors } from "../../lib/checkpoint";
import { GraphBuilder } from "../../lib/onnx/builder";
import { encodeModel } from "../../lib/onnx/encode";
import { rawSafetensors, torchZip, PickleWriter } from "../unit/checkpoint-helpers";
import { dismissAlerts, expectWorks } from "./bad-input-helpers";
import { manifest, modelS } from "./helpers";
import { pngOf } from "../fixtures/bad/images";

test.describe.configure({ mode: "serial" });
// img=none everywhere: the only images run are the ones this spec feeds.

const goodImage = () => ({ name: "good.png", mimeType: "image/png", buffer: pngOf(48, 40, 2) });
const f32 = (n: number) => Buffer.from(new Float32Array(n).fill(0.5).buffer);

function tinyOnnx(): Uint8Array {
  const g = new GraphBuilder("relu");
  const x = g.input("input", "float32", [1, 3, 4, 4]);
  g.output(g.op("Relu", [x]), "logits", "float32", [1, 3, 4, 4]);
  return encodeModel(g.build());
}

async function loadWeightsFile(page: Page, name: string, buffer: Buffer | Uint8Array): Promise<string> {
  await dismissAlerts(page);
  await page.getByTestId("weights-file").setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(buffer) });
  const alert = page.locator("[role=alert][data-testid^=alert-]").first();
  await expect(alert).toBeVisible({ timeout: 60_000 });
  return (await alert.innerText()).replace(/\s+/g, " ");
}

test("bad weights files are refused with the problem named, and the loaded model keeps working", async ({ page }) => {
  await page.goto("/?backend=wasm&res=64&img=none");
  await expect(page.getByTestId("graph-info")).toBeVisible({ timeout: 170_000 });
  const ref = await expectWorks(page, goodImage(), "48×40");
  const small = writeSafetensors({ "proj_head.0.weight": { dtype: "float32", dims: [10, 4], data: new Float32Array(40).fill(0.1) } });
  const bare = readFileSync("tests/fixtures/checkpoints/bare.pth");
  const cases: [string, string, Uint8Array | Buffer, RegExp][] = [
    ["empty file", "empty.safetensors", new Uint8Array(0), /the file is empty.*\[LAB101\]/],
    ["truncated safetensors", "cut.safetensors", small.subarray(0, small.length - 7), /\[LAB101\]/],
    ["safetensors offsets that overlap", "lie.safetensors", rawSafetensors({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, f32(4)), /\[LAB103\]/],
    ["safetensors shape 2^30×2^30×2^30 (overflow)", "overflow.safetensors", rawSafetensors({ w: { dtype: "F32", shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 16] } }, f32(4)), /\[LAB103\]/],
    ["safetensors header length 2^31-1 (file is 10 bytes)", "huge-header.safetensors", Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]), Buffer.from("{}")]), /\[LAB10[12]\]/],
    ["truncated .pth", "cut.pth", bare.subarray(0, Math.round(bare.length * 0.6)), /\[LAB1(01|11)\]/],
    ["zip that is not a torch checkpoint", "junk.pth", torchZip(new Uint8Array([0x80, 2, 0x29, 0x2e]), {}), /\[LAB112\]/],
    ["pickle calling os.system", "evil.pth", readFileSync("tests/fixtures/checkpoints/evil_global.pth"), /\[LAB110\]/],
    ["pickle without the STOP opcode", "nostop.pth", torchZip(new PickleWriter().emptyDict().bytes().subarray(0, 3), {}), /\[LAB101\]/],
    ["ONNX model", "model.onnx", tinyOnnx(), /looks like an ONNX model.*\[LAB109\]/],
    ["random bytes", "weights.bin", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), /unrecognised file format.*\[LAB109\]/],
    ["checkpoint of another architecture", "other.safetensors", small, /LAB205|LAB10[5-7]/],
  ];
  for (const [what, name, bytes, text] of cases) {
    await test.step(what, async () => {
      const msg = await loadWeightsFile(page, name, bytes);
      console.log(`[bad-weights] ${what}: ${msg}`);
      expect(msg).toMatch(/^LAB205/);
      expect(msg).toMatch(text);
      const run = await expectWorks(page, goodImage(), "48×40");
      expect(run.logits).toEqual(ref.logits); // still the model loaded before
    });
  }
});

test("weights from a URL: HTTP 404 is LAB206, a corrupt download names its problem", async ({ page, context }) => {
  await context.route("https://weights.example.test/**", (route) =>
    route.request().url().endsWith("missing.safetensors")
      ? route.fulfill({ status: 404, body: "not found", headers: { "access-control-allow-origin": "*" } })
      : route.fulfill({ status: 200, body: Buffer.from("{not safetensors"), headers: { "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" } }),
  );
  await page.goto("/?backend=wasm&res=64&img=none");
  await expect(page.getByTestId("graph-info")).toBeVisible({ timeout: 170_000 });
  await page.getByText("Load weights").click();
  for (const [file, text] of [["missing.safetensors", /LAB206.*HTTP 404/], ["broken.safetensors", /LAB205.*\[LAB109\]/]] as const) {
    await dismissAlerts(page);
    await page.getByTestId("weights-url").fill(`https://weights.example.test/${file}`);
    await page.getByRole("button", { name: "Fetch" }).click();
    const alert = page.locator("[role=alert][data-testid^=alert-]").first();
    await expect(alert).toBeVisible({ timeout: 60_000 });
    const msg = (await alert.innerText()).replace(/\s+/g, " ");
    console.log(`[bad-weights] URL ${file}: ${msg}`);
    expect(msg).toMatch(text);
  }
  await expectWorks(page, goodImage(), "48×40");
});

test("a shipped weights file whose sha256 differs from the manifest is refused (LAB208)", async ({ page, context }) => {
  const bytes = writeSafetensors({ "proj_head.0.weight": { dtype: "float32", dims: [10, 4], data: new Float32Array(40) } });
  const lying = {
    ...manifest,
    models: [{ ...modelS, id: "nextvit-s-shipped", weights: { kind: "file", url: "/models/shipped.safetensors", sha256: "0".repeat(64), bytes: bytes.length, format: "safetensors", layout: "official" } }],
  };
  await context.route("**/models/manifest.json", (r) => r.fulfill({ json: lying }));
  await context.route("**/models/shipped.safetensors", (r) => r.fulfill({ body: Buffer.from(bytes) }));
  await page.goto("/?backend=wasm&res=64&img=none");
  const alert = page.getByTestId("alert-LAB208");
  await expect(alert).toBeVisible({ timeout: 60_000 });
  const msg = (await alert.innerText()).replace(/\s+/g, " ");
  console.log(`[bad-weights] sha256 mismatch: ${msg}`);
  expect(msg).toMatch(/does not match its manifest sha256 \(expected 000000000000…/);
  await expect(page.getByTestId("graph-info")).toHaveCount(0); // nothing built from those bytes
});
