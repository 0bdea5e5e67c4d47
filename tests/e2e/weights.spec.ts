// "Load weights": a timm-layout safetensors from a URL (with byte progress) and the same
// weights in the official layout from a file give the logits onnxruntime-node computes.
import { expect, test } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { writeSafetensors } from "../../lib/checkpoint/safetensors";
import { toTimmLayout } from "../../lib/nextvit/keys";
import { depthsOf } from "../../lib/nextvit/config";
import { decodeImageNode } from "../../lib/image/decode-node";
import { preprocess } from "../../lib/image/preprocess";
import { compileNextViT, configFor, randomWeights } from "../../lib/runtime/build-model";
import { runOnnx } from "../../lib/onnx/ort-node";
import { argmax, foreignRequests, galleryPng, manifest, maxRelDiff, recordRequests, uploadAndWait } from "./helpers";

const mini = manifest.models.find((m) => m.id === "nextvit-mini-random")!;
const cfg = configFor(mini, 10);
const sd = randomWeights(cfg, 77);
const timmBytes = writeSafetensors(toTimmLayout(sd, depthsOf(cfg)));
// Stands in for the Hugging Face hub: an https URL that Playwright answers from memory, so the
// request never leaves the machine (the lab's CSP allows only 'self' and https: for weights).
const weightsUrl = "https://weights.example.test/nextvit_mini.safetensors";

test("weights from a URL and from a file replace the random ones and match onnxruntime-node", async ({ page, baseURL }, testInfo) => {
  const requests = recordRequests(page);
  await page.context().route(weightsUrl, (route) =>
    route.fulfill({ status: 200, body: Buffer.from(timmBytes), headers: { "access-control-allow-origin": "*", "content-type": "application/octet-stream" } }),
  );
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  await expect(page.getByTestId("untrained-banner")).toBeVisible();
  const png = galleryPng("rocket", testInfo);
  await uploadAndWait(page, png);

  await page.getByText("Load weights").click();
  await page.getByTestId("weights-url").fill(weightsUrl);
  const before = await page.evaluate(() => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId);
  await page.getByRole("button", { name: "Fetch" }).click();
  await page.waitForFunction((b) => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId > b, before, { timeout: 120_000 });
  await expect(page.getByTestId("untrained-banner")).toHaveCount(0);
  await expect(page.getByText("10 classes")).toBeVisible();
  const fromUrl = await page.evaluate(() => (window as unknown as { __labLastRun: { logits: number[] } }).__labLastRun.logits);
  // Byte progress reached the page, ending at the file's size.
  const progress = await page.evaluate(() => (window as unknown as { __labProgress: { phase: string; loaded: number; total: number }[] }).__labProgress);
  const dl = progress.filter((p) => p.phase === "downloading weights");
  expect(dl.length).toBeGreaterThan(0);
  expect(dl.at(-1)).toMatchObject({ loaded: timmBytes.length, total: timmBytes.length });

  const input = preprocess(decodeImageNode(new Uint8Array(readFileSync(png))), { ...mini.preprocess, size: 64 });
  const ref = (await runOnnx(compileNextViT(cfg, sd, 64).onnx, { input: { dims: [1, 3, 64, 64], data: input } })).logits.data;
  expect(fromUrl).toHaveLength(10);
  expect(maxRelDiff(fromUrl, ref)).toBeLessThanOrEqual(1e-4);
  const names = JSON.parse(readFileSync("public/models/imagenette-classes.json", "utf8")).names as string[];
  await expect(page.getByTestId("prediction").first()).toContainText(names[argmax(ref)]);

  // The same tensors in the official layout, from disk.
  const official = testInfo.outputPath("nextvit_mini_official.safetensors");
  writeFileSync(official, writeSafetensors(sd));
  const fromFile = await (async () => {
    const b = await page.evaluate(() => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId);
    await page.getByTestId("weights-file").setInputFiles(official);
    await page.waitForFunction((x) => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId > x, b, { timeout: 120_000 });
    return page.evaluate(() => (window as unknown as { __labLastRun: { logits: number[] } }).__labLastRun.logits);
  })();
  await expect(page.getByText("nextvit_mini_official.safetensors")).toBeVisible();
  expect(maxRelDiff(fromFile, ref)).toBeLessThanOrEqual(1e-4);

  // A file that is not a checkpoint: typed error, and the lab keeps its weights.
  const junk = testInfo.outputPath("junk.pth");
  writeFileSync(junk, "definitely not a checkpoint");
  await page.getByTestId("weights-file").setInputFiles(junk);
  await expect(page.getByTestId("alert-LAB205")).toContainText("LAB109");

  expect(foreignRequests(requests, baseURL!).filter((u) => u !== weightsUrl)).toEqual([]);
});
