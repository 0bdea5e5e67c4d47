// The Spectra tab on the production build (WASM): spectra of every tap computed in the analysis
// worker match onnxruntime-node + lib/analysis on the same weights and input; the gallery average
// shows live progress and can be cancelled.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { tapSpectrum } from "../../lib/analysis/profile";
import { decodeImageNode } from "../../lib/image/decode-node";
import { preprocess } from "../../lib/image/preprocess";
import { listTaps } from "../../lib/nextvit/build";
import { runOnnx } from "../../lib/onnx/ort-node";
import { compileNextViT, configFor, randomWeights } from "../../lib/runtime/build-model";
import type { NextVitEntry } from "../../lib/runtime/manifest";
import { galleryPng, manifest, maxRelDiff, uploadAndWait } from "./helpers";

test.describe.configure({ mode: "serial" });

const mini = manifest.models.find((m) => m.id === "nextvit-mini-random") as NextVitEntry;

interface PageSpectra {
  done: number;
  total: number;
  input?: number[];
  taps: { name: string; dlogA: number[] }[];
  ms: { forward: number; spectra: number } | null;
}

const spectraOf = (page: Page) => page.evaluate(() => (window as unknown as { __labSpectra?: PageSpectra }).__labSpectra ?? null);

test("Spectra tab: one curve per tap, ΔlogA equal to onnxruntime-node + lib/analysis", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  const png = galleryPng("chelsea", testInfo);
  await uploadAndWait(page, png);
  await page.getByRole("tab", { name: "Spectra" }).click();
  await page.waitForFunction(() => ((window as unknown as { __labSpectra?: PageSpectra }).__labSpectra?.done ?? 0) >= 1, null, { timeout: 60_000 });
  const got = (await spectraOf(page))!;

  const cfg = configFor(mini, 1000);
  const built = compileNextViT(cfg, randomWeights(cfg, (mini.weights as { seed: number }).seed), 64);
  await expect(page.locator("[data-testid=spectra-curves] path[data-tap]")).toHaveCount(built.taps.length);
  await expect(page.locator("[data-testid=spectra-grid] image")).toHaveCount(built.taps.length);

  // The worker's input is what Node's decode + preprocess give for the same PNG.
  const input = preprocess(decodeImageNode(new Uint8Array(readFileSync(png))), { ...mini.preprocess, size: 64 });
  expect(maxRelDiff(got.input!, input)).toBeLessThanOrEqual(1e-5);
  const out = await runOnnx(built.onnx, { input: { dims: [1, 3, 64, 64], data: input } });
  expect(got.taps.map((t) => t.name)).toEqual(built.taps.map((t) => t.path));
  for (const tap of built.taps) {
    const o = out[tap.path];
    const ref = tapSpectrum(tap.path, { data: o.data, dims: o.dims, layout: tap.layout, grid: tap.grid }, tap.kind).diagonal.dlogA;
    const ours = got.taps.find((t) => t.name === tap.path)!.dlogA;
    expect(ours).toHaveLength(ref.length);
    let err = 0;
    for (let k = 0; k < ref.length; k++) err = Math.max(err, Math.abs(ours[k] - ref[k]));
    expect(err, `ΔlogA of ${tap.path}`).toBeLessThanOrEqual(1e-3);
  }
  // Those numbers came from the graph the lab's worker compiled: the analysis worker found it in the Cache API
  // instead of downloading and compiling the model a second time.
  await expect(page.getByTestId("analysis-copy")).toContainText("reused the lab's compiled graph (Cache API)");
  // Export: the curves' numbers as CSV (one row per half-diagonal sample of every tap) and a PNG.
  const curves = page.getByTestId("spectra-curves");
  const [csv] = await Promise.all([page.waitForEvent("download"), curves.getByRole("button", { name: "CSV" }).click()]);
  const rows = readFileSync(await csv.path(), "utf8").trim().split("\n");
  expect(rows[0]).toContain("dlogA");
  expect(rows.length - 1).toBe(got.taps.reduce((n, t) => n + t.dlogA.length, 0));
  const [png2] = await Promise.all([page.waitForEvent("download"), curves.getByRole("button", { name: "PNG" }).click()]);
  expect(readFileSync(await png2.path()).subarray(1, 4).toString()).toBe("PNG");
  const stack = page.getByTestId("spectra-stack");
  await expect(stack.locator("canvas")).toBeVisible();
  const [png3] = await Promise.all([page.waitForEvent("download"), stack.getByRole("button", { name: "PNG" }).click()]);
  expect(readFileSync(await png3.path()).subarray(1, 4).toString()).toBe("PNG");
  console.log(`spectra of ${got.taps.length} taps (mini, 64²) in the analysis worker: ${got.ms!.spectra.toFixed(1)} ms; forward ${got.ms!.forward.toFixed(1)} ms`);

  // scrollIntoViewIfNeeded is a no-op here (the tab is partly visible after the stack export), so the
  // overview would repeat the stack shot: put the tab's top at the top of the viewport instead.
  await page.getByTestId("spectra-tab").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: "docs/screenshots/spectra-1440x900.png" });
  await page.getByTestId("spectra-stack").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/spectra-stack-1440x900.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // let the charts re-measure their width and redraw
  await page.getByTestId("spectra-tab").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/spectra-390x844.png" });
});

test("Spectra tab: the gallery average updates live, shows progress and can be cancelled", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // Next-ViT-S (not mini): each gallery image must take long enough that Cancel lands before all 8 are done,
  // even on a quiet machine where mini finishes the whole set in about a second.
  await page.goto("/?backend=wasm&model=nextvit-s-random&res=160");
  await page.getByTestId("gallery-chelsea").click();
  await page.getByRole("tab", { name: "Spectra" }).click();
  await page.waitForFunction(() => ((window as unknown as { __labSpectra?: PageSpectra }).__labSpectra?.done ?? 0) >= 1, null, { timeout: 90_000 });

  await page.getByTestId("spectra-gallery").click();
  const progress = page.getByTestId("spectra-progress").first();
  await expect(progress).toHaveAttribute("data-total", "8");
  await page.waitForFunction(() => {
    const s = (window as unknown as { __labSpectra?: PageSpectra }).__labSpectra;
    return s?.total === 8 && s.done >= 1;
  });
  const one = (await spectraOf(page))!;
  await page.waitForFunction(() => ((window as unknown as { __labSpectra?: PageSpectra }).__labSpectra?.done ?? 0) >= 2);
  const two = (await spectraOf(page))!;
  console.log(`gallery image 2 (S, 160²): forward ${two.ms!.forward.toFixed(0)} ms, spectra of ${two.taps.length} taps ${two.ms!.spectra.toFixed(0)} ms`);
  // The running mean changed with the second image (live update).
  expect(maxRelDiff(two.taps[0].dlogA, one.taps[0].dlogA)).toBeGreaterThan(1e-6);
  await page.getByTestId("spectra-cancel").click();
  await expect(progress).toHaveAttribute("data-status", "cancelled");
  const done = Number(await progress.getAttribute("data-done"));
  expect(done).toBeGreaterThanOrEqual(2);
  expect(done).toBeLessThan(8);
  await page.screenshot({ path: testInfoPath("gallery-cancelled.png") });
});

test("Spectra tab: a second model from the manifest overlays its curves on the same chart", async ({ page }, testInfo) => {
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  await uploadAndWait(page, galleryPng("coffee", testInfo));
  await page.getByRole("tab", { name: "Spectra" }).click();
  await page.getByTestId("spectra-compare").selectOption("nextvit-s-random");
  const s = manifest.models.find((m) => m.id === "nextvit-s-random") as NextVitEntry;
  const taps = listTaps(configFor(s, 1000)).length;
  const main = page.locator("[data-testid=spectra-curves] [data-series=main] path[data-tap]");
  const other = page.locator("[data-testid=spectra-curves] [data-series=compare] path[data-tap]");
  await expect(other).toHaveCount(taps, { timeout: 90_000 });
  await expect(main).not.toHaveCount(0, { timeout: 90_000 });
  await expect(page.locator("[data-testid=spectra-depth] [data-series]")).not.toHaveCount(0);
});

function testInfoPath(name: string): string {
  return test.info().outputPath(name);
}
