// The lab end to end on the production build: upload → predictions and every tap; parity
// with onnxruntime-node; a corrupt file; WebGPU (SwiftShader) against WASM; no foreign request.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { decodeImageNode } from "../../lib/image/decode-node";
import { preprocess } from "../../lib/image/preprocess";
import { compileNextViT, configFor, randomWeights } from "../../lib/runtime/build-model";
import { runOnnx } from "../../lib/onnx/ort-node";
import { shapeLabel } from "../../lib/runtime/tap-stats";
import { argmax, firstPhoto, foreignRequests, galleryPng, maxRelDiff, modelS, recordRequests, uploadAndWait } from "./helpers";

test.describe.configure({ mode: "serial" });

test("upload through the file chooser: predictions, layer explorer, and the same logits as onnxruntime-node", async ({ page, baseURL }, testInfo) => {
  const requests = recordRequests(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  // The untrained S by name: the default is the trained Imagenette model (tests/e2e/trained.spec.ts).
  await page.goto(`/?backend=wasm&model=${modelS.id}`);
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "wasm");
  await expect(page.getByTestId("untrained-banner")).toContainText("predictions meaningless");
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  // No empty page: the first gallery photo runs by itself before anything is chosen.
  await expect(page.getByTestId(`gallery-${firstPhoto.id}`)).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("prediction")).toHaveCount(5);

  const png = galleryPng("chelsea", testInfo);
  const run = await uploadAndWait(page, png);
  expect(run.backend).toBe("wasm");
  await expect(page.getByTestId("prediction")).toHaveCount(5);
  await expect(page.getByTestId("backend")).toContainText("2 threads");

  // Reference: the same random weights, graph and preprocessing in Node (onnxruntime-node CPU).
  const cfg = configFor(modelS, 1000);
  const built = compileNextViT(cfg, randomWeights(cfg, (modelS.weights as { seed: number }).seed), 224);
  const input = preprocess(decodeImageNode(new Uint8Array(readFileSync(png))), modelS.preprocess);
  const ref = (await runOnnx(built.onnx, { input: { dims: [1, 3, 224, 224], data: input } })).logits.data;
  expect(run.logits).toHaveLength(1000);
  expect(maxRelDiff(run.logits, ref)).toBeLessThanOrEqual(1e-4);
  expect(argmax(run.logits)).toBe(argmax(ref));

  // Layer explorer: one row per tap, with shapes; thumbnails and statistics for a chosen layer.
  const rows = page.getByTestId("layer-row");
  await expect(rows).toHaveCount(built.taps.length);
  for (const t of built.taps) await expect(page.locator(`[data-testid=layer-row][data-path="${t.path}"]`)).toContainText(shapeLabel(t.dims!));
  const ntb = built.taps.find((t) => t.kind === "NTB")!;
  await page.locator(`[data-testid=layer-row][data-path="${ntb.path}"]`).click();
  await expect(page.getByTestId("channel-grid").locator("canvas")).toHaveCount(Math.min(48, ntb.dims![1]));
  await page.getByTestId("channel-picker").fill("7");
  await expect(page.getByLabel("channel 7 large")).toBeVisible();
  const std = Number(await page.locator("[data-stat=std]").textContent());
  expect(std).toBeGreaterThan(0);

  await page.screenshot({ path: "docs/screenshots/lab-1440x900.png" });
  await page.getByTestId("layer-explorer").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/layers-1440x900.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "docs/screenshots/lab-390x844.png" });
  await page.getByTestId("predictions").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/predictions-390x844.png" });
  await page.getByTestId("layer-explorer").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/layers-390x844.png" });
  await page.setViewportSize({ width: 1440, height: 900 });

  // A corrupt file shows the typed error, and the next good image still runs.
  await page.getByTestId("image-file").setInputFiles({ name: "broken.jpg", mimeType: "image/jpeg", buffer: Buffer.from("\xff\xd8\xffnot really a jpeg") });
  await expect(page.getByTestId("alert-LAB204")).toBeVisible();
  await expect(page.getByTestId("prediction")).toHaveCount(0);
  const again = await uploadAndWait(page, "public/gallery/coffee.jpg");
  await expect(page.getByTestId("prediction")).toHaveCount(5);
  expect(again.logits).toHaveLength(1000);

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});

test("WebGPU (SwiftShader) and WASM on Next-ViT-mini at 64² give the same top-1 and logits within 1e-3", async ({ browser, baseURL }, testInfo) => {
  const png = galleryPng("astronaut", testInfo);
  const runs = [];
  for (const backend of ["wasm", "webgpu"] as const) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const requests = recordRequests(page);
    await page.goto(`/?backend=${backend}&model=nextvit-mini-random&res=64&img=none`); // only the upload runs
    await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", backend, { timeout: 30_000 });
    const t0 = Date.now();
    runs.push(await uploadAndWait(page, png));
    console.log(backend, "upload→result ms", Date.now() - t0, await page.getByTestId("graph-info").textContent(), JSON.stringify(runs.at(-1)!.timings));
    expect(runs.at(-1)!.backend).toBe(backend);
    expect(foreignRequests(requests, baseURL!)).toEqual([]);
    await ctx.close();
  }
  const [wasm, gpu] = runs;
  expect(argmax(gpu.logits)).toBe(argmax(wasm.logits));
  expect(maxRelDiff(gpu.logits, wasm.logits)).toBeLessThanOrEqual(1e-3);
});
