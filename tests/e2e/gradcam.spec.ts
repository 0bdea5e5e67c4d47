// The Grad-CAM tab on the production build (WASM): exact gradients from the analysis worker equal
// onnxruntime-node running our gradient graph on the same weights and input; heat map, strip and
// method switch.
import { expect, test } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { decodeImageNode } from "../../lib/image/decode-node";
import { preprocess } from "../../lib/image/preprocess";
import { buildNextViT } from "../../lib/nextvit/build";
import { encodeModel } from "../../lib/onnx/encode";
import { buildGradGraph } from "../../lib/onnx/grad";
import { runOnnx } from "../../lib/onnx/ort-node";
import { configFor, randomWeights } from "../../lib/runtime/build-model";
import type { NextVitEntry } from "../../lib/runtime/manifest";
import { dropNeutralCeilMode } from "../../lib/runtime/webgpu-compat";
import { writeSafetensors } from "../../lib/checkpoint/safetensors";
import { galleryPng, manifest, maxRelDiff, uploadAndWait } from "./helpers";

const mini = manifest.models.find((m) => m.id === "nextvit-mini-random") as NextVitEntry;

interface PageGrad {
  classIndex: number;
  ms: { compile: number; grad: number; forward: number };
  input: number[];
  taps: { name: string; dims: number[]; gradient: number[] }[];
}

function relL2(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0, r = 0;
  for (let i = 0; i < ref.length; i++) (d += (a[i] - ref[i]) ** 2), (r += ref[i] ** 2);
  return Math.sqrt(d / r);
}

test("Grad-CAM tab: browser gradients equal onnxruntime-node's, heat map and strip render, the method changes the map", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  const png = galleryPng("astronaut", testInfo);
  await uploadAndWait(page, png);
  await page.getByRole("tab", { name: "Grad-CAM" }).click();
  await page.waitForFunction(() => (window as unknown as { __labGrad?: PageGrad }).__labGrad != null, null, { timeout: 90_000 });
  const got = await page.evaluate(() => (window as unknown as { __labGrad: PageGrad }).__labGrad);

  const cfg = configFor(mini, 1000);
  const graph = dropNeutralCeilMode(buildNextViT(cfg, randomWeights(cfg, (mini.weights as { seed: number }).seed), { height: 64, width: 64, taps: "all", fold: true }));
  const blocks = graph.taps.filter((t) => ["stem", "NCB", "NTB"].includes(t.kind));
  await expect(page.getByTestId("cam-strip").locator("canvas")).toHaveCount(blocks.length);
  await expect(page.getByTestId("cam-overlay").locator("canvas")).toBeVisible();

  const input = preprocess(decodeImageNode(new Uint8Array(readFileSync(png))), { ...mini.preprocess, size: 64 });
  expect(maxRelDiff(got.input, input)).toBeLessThanOrEqual(1e-5);
  // One NCB and one NTB tap, each through its own single-tap gradient graph in Node.
  for (const tap of [blocks.find((t) => t.kind === "NCB")!, blocks[blocks.length - 1]]) {
    const g = buildGradGraph(graph, { taps: [tap.path], classIndex: got.classIndex });
    const ref = (await runOnnx(encodeModel(g), { input: { dims: [1, 3, 64, 64], data: input } }))[`grad.${tap.path}`].data;
    const ours = got.taps.find((t) => t.name === tap.path)!.gradient;
    expect(ours).toHaveLength(ref.length);
    expect(relL2(ours, ref), `gradient of ${tap.path}`).toBeLessThanOrEqual(1e-3);
  }
  console.log(`grad run (all ${got.taps.length} taps) ${got.ms.grad.toFixed(0)} ms vs forward ${got.ms.forward.toFixed(0)} ms; compile ${got.ms.compile.toFixed(0)} ms`);

  const pixels = () => page.getByTestId("cam-overlay").locator("canvas").evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  const gradcam = await pixels();
  await page.getByTestId("cam-method").selectOption("eigencam");
  await expect.poll(pixels).not.toBe(gradcam);
  await page.getByTestId("cam-method").selectOption("layercam");
  const layercam = await pixels();
  expect(layercam).not.toBe(gradcam);
  await page.getByTestId("cam-method").selectOption("gradcam");
  await expect.poll(pixels).toBe(gradcam);

  await page.getByTestId("gradcam-tab").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/gradcam-1440x900.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // let the charts re-measure their width and redraw
  await page.getByTestId("cam-strip").scrollIntoViewIfNeeded();
  // After a viewport change Chromium can leave small text in freshly exposed tiles unpainted: nudge a repaint.
  await page.evaluate(() => new Promise((r) => { window.scrollBy(0, 1); requestAnimationFrame(() => { window.scrollBy(0, -1); setTimeout(r, 500); }); }));
  await page.screenshot({ path: "docs/screenshots/gradcam-390x844.png" });
});

test("Grad-CAM tab on weights loaded from a file: gradients of those weights, not the random ones", async ({ page }, testInfo) => {
  const cfg = configFor(mini, 10);
  const sd = randomWeights(cfg, 77);
  const file = testInfo.outputPath("nextvit_mini_10.safetensors");
  writeFileSync(file, writeSafetensors(sd));
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  const png = galleryPng("coffee", testInfo);
  await uploadAndWait(page, png);
  const before = await page.evaluate(() => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId);
  await page.getByText("Load weights").click();
  await page.getByTestId("weights-file").setInputFiles(file);
  await page.waitForFunction((b) => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId > b, before, { timeout: 120_000 });
  await page.getByRole("tab", { name: "Grad-CAM" }).click();
  await page.waitForFunction(() => (window as unknown as { __labGrad?: PageGrad }).__labGrad != null, null, { timeout: 90_000 });
  const got = await page.evaluate(() => (window as unknown as { __labGrad: PageGrad }).__labGrad);
  expect(got.classIndex).toBeLessThan(10);

  const graph = dropNeutralCeilMode(buildNextViT(cfg, sd, { height: 64, width: 64, taps: "all", fold: true }));
  const tap = graph.taps.filter((t) => t.kind === "NTB").at(-1)!;
  const input = new Float32Array(got.input);
  const ref = (await runOnnx(encodeModel(buildGradGraph(graph, { taps: [tap.path], classIndex: got.classIndex })), { input: { dims: [1, 3, 64, 64], data: input } }))[`grad.${tap.path}`].data;
  expect(relL2(got.taps.find((t) => t.name === tap.path)!.gradient, ref)).toBeLessThanOrEqual(1e-3);
  await expect(page.getByTestId("cam-strip").locator("canvas")).not.toHaveCount(0);
});
