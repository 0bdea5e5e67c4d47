// The trained Next-ViT-S (Imagenette) as the lab's default model, on the production build: a first
// visit runs the first gallery photo at once; its safetensors (int8 and float16) load in the browser and give
// the logits onnxruntime-node computes from the same file; accuracy and training provenance come
// from the manifest. Untrained models keep their banner. Nothing here assumes the numbers of one
// training run: the weights are replaced under the same id, so every expectation reads the manifest
// and the weights as the server under test serves them.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { decodeImageNode } from "../../lib/image/decode-node";
import { preprocess } from "../../lib/image/preprocess";
import { compileEntry } from "../../lib/runtime/build-model";
import { runOnnx } from "../../lib/onnx/ort-node";
import { parseManifest, type ModelEntry } from "../../lib/runtime/manifest";
import { argmax, firstPhoto, foreignRequests, galleryPng, maxRelDiff, recordRequests, uploadAndWait, type LastRun } from "./helpers";

test.describe.configure({ mode: "serial" });

let models: ModelEntry[] = [];
let trained: ModelEntry; // the default: the first manifest entry
test.beforeAll(async ({ request }) => {
  models = parseManifest(await (await request.get("/models/manifest.json")).json()).models;
  trained = models[0];
});
const imagenette: string[] = JSON.parse(readFileSync("public/models/imagenette-classes.json", "utf8")).names;
const lastRun = () => (window as unknown as { __labLastRun?: LastRun }).__labLastRun ?? null;

test("first visit: the trained model runs the first gallery photo at once, with Imagenette classes, accuracy and provenance", async ({ page, request, baseURL }, testInfo) => {
  expect(trained.weights.kind, "the default model ships trained weights").toBe("file");
  expect(trained.labels).toBe("imagenette");
  const requests = recordRequests(page);
  const weightRequests = new Set<object>(); // each request once, from whichever listener sees it (page or worker)
  const noteWeights = (r: { url(): string }) => trained.weights.kind === "file" && r.url().endsWith(trained.weights.url) && weightRequests.add(r);
  page.context().on("request", noteWeights);
  page.on("request", noteWeights);
  await page.setViewportSize({ width: 1440, height: 900 });
  // When "what the model sees" first shows, and what: the crop is posted by the worker as soon as the photo is
  // preprocessed, while the model is still loading, not with the result. (A mutation observer's callback runs right
  // after the change that caused it: after the effect that sized and drew the canvas, before the result's handler.)
  await page.addInitScript(() => {
    const w = window as unknown as { __labPreviewShown?: { beforeResult: boolean; pixels: string }; __labLastRun?: unknown };
    new MutationObserver(() => {
      const c = document.querySelector<HTMLCanvasElement>("[data-testid=model-input]");
      if (!w.__labPreviewShown && c && !c.classList.contains("invisible") && c.width === c.height) {
        w.__labPreviewShown = { beforeResult: !w.__labLastRun, pixels: c.toDataURL() };
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "width", "height"] });
  });
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("model-select")).toHaveValue(trained.id);

  // Nothing chosen, yet a result: the first gallery photo, on the trained model (or an alert, if the
  // weights cannot load: then its text is the failure message, not a timeout).
  // (The lab's alerts carry data-testid="alert-…"; Next's route announcer is role=alert too.)
  await page.waitForFunction(() => (window as unknown as { __labLastRun?: unknown }).__labLastRun || document.querySelector("[role=alert][data-testid^=alert-]"), null, { timeout: 170_000 });
  expect(await page.locator("[role=alert][data-testid^=alert-]").allInnerTexts()).toEqual([]);
  const first = (await page.evaluate(lastRun))!;
  expect(first.logits).toHaveLength(trained.numClasses);
  await expect(page.getByTestId(`gallery-${firstPhoto.id}`)).toHaveAttribute("aria-pressed", "true");
  const preds = page.getByTestId("prediction");
  await expect(preds).toHaveCount(5);
  const shown = await preds.evaluateAll((els) => els.map((e) => ({ index: Number(e.getAttribute("data-index")), text: e.textContent ?? "" })));
  expect(shown[0].index).toBe(argmax(first.logits));
  for (const p of shown) expect(p.text).toContain(imagenette[p.index]);

  // Trained: no untrained banner; which weights, their accuracy and how they were made.
  await expect(page.getByTestId("untrained-banner")).toHaveCount(0);
  const note = page.getByTestId("trained-note");
  await expect(note).toContainText("Trained");
  if (trained.weights.kind === "file") await expect(note).toContainText(trained.weights.sha256); // the worker checked the download against it
  const accuracy = page.getByTestId("model-accuracy");
  if (trained.accuracy) {
    await expect(accuracy).toContainText(`${trained.accuracy.top1.toFixed(1)}%`);
    await expect(accuracy).toContainText(trained.accuracy.dataset);
    await expect(accuracy).toContainText(trained.accuracy.source);
  } else {
    await expect(accuracy).toContainText("not measured yet");
  }
  // The crop showed before the result, and it is the crop the result shows.
  const preview = await page.evaluate(() => (window as unknown as { __labPreviewShown?: { beforeResult: boolean; pixels: string } }).__labPreviewShown);
  expect(preview?.beforeResult, "what the model sees shows before the result").toBe(true);
  expect(preview!.pixels).toBe(await page.getByTestId("model-input").evaluate((c: HTMLCanvasElement) => c.toDataURL()));
  const classes = page.getByTestId("imagenette-note");
  for (const name of imagenette) await expect(classes).toContainText(name);
  await expect(page.locator("[role=alert][data-testid^=alert-]")).toHaveCount(0);
  // What a first visitor sees (provenance folded), then the provenance unfolded.
  await page.screenshot({ path: "docs/screenshots/lab-trained-1440x900.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "docs/screenshots/lab-trained-390x844.png" });
  await page.getByTestId("predictions").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/predictions-trained-390x844.png" });
  if (trained.training) {
    const details = page.getByTestId("training-details");
    await details.locator("summary").click();
    for (const s of [`${trained.training.epochs} epochs`, trained.training.machine, trained.training.log]) await expect(details).toContainText(s);
    await page.getByTestId("trained-note").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: "docs/screenshots/model-trained-390x844.png" });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The file through the browser's loader (dequantised and widened to float32, official keys) gives the
  // logits onnxruntime-node computes from the same file, graph and pixels (a PNG: identical decode).
  const png = galleryPng(firstPhoto.id, testInfo);
  const run = await uploadAndWait(page, png);
  if (trained.weights.kind !== "file") throw new Error("unreachable");
  const bytes = new Uint8Array(await (await request.get(trained.weights.url)).body());
  const S = trained.preprocess.size;
  const built = compileEntry(trained, S, bytes, trained.weights.url);
  const input = preprocess(decodeImageNode(new Uint8Array(readFileSync(png))), trained.preprocess);
  const ref = (await runOnnx(built.onnx, { input: { dims: [1, 3, S, S], data: input } })).logits.data;
  console.log(`[trained] ${trained.id} at ${S}²: top-1 ${imagenette[argmax(ref)]}, browser vs node max|Δ|/max|ref| ${maxRelDiff(run.logits, ref).toExponential(2)}`);
  expect(maxRelDiff(run.logits, ref)).toBeLessThanOrEqual(1e-4);
  expect(argmax(run.logits)).toBe(argmax(ref));

  // Downloaded once, by the page's early script while the page hydrated, and handed to the worker (which did not
  // fetch them again).
  expect(weightRequests.size).toBe(1);
  const early = await page.evaluate(() => (window as unknown as { __labEarlyWeightsUse?: { url: string; used: boolean; doneAt: number } }).__labEarlyWeightsUse);
  expect(early).toMatchObject({ url: trained.weights.url, used: true });
  expect(early!.doneAt).toBeGreaterThan(0);

  // A repeat visit: the graph compiled from the verified file is found in the Cache API by the manifest's sha256,
  // before any download, so the weights are not fetched again and the first photo gives the same logits.
  const seen = requests.length;
  await page.reload();
  await expect(page.getByTestId("graph-info")).toContainText("from cache", { timeout: 170_000 });
  await page.waitForFunction(() => (window as unknown as { __labLastRun?: unknown }).__labLastRun, null, { timeout: 170_000 });
  expect(maxRelDiff((await page.evaluate(lastRun))!.logits, first.logits)).toBe(0);
  expect(requests.slice(seen).filter((u) => trained.weights.kind === "file" && u.endsWith(trained.weights.url))).toEqual([]);
  await expect(page.getByTestId("trained-note")).toContainText(trained.weights.kind === "file" ? trained.weights.sha256 : "");
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});

test("an untrained model shows its banner and reruns the photo; img=none starts empty", async ({ page }) => {
  const mini = models.find((m) => m.id === "nextvit-mini-random")!;
  await page.goto("/?backend=wasm&res=96");
  await expect(page.getByTestId("prediction")).toHaveCount(5, { timeout: 170_000 });
  await expect(page.getByTestId("untrained-banner")).toHaveCount(0);

  const before = (await page.evaluate(lastRun))!.runId;
  await page.getByTestId("model-select").selectOption(mini.id);
  await page.waitForFunction((b) => ((window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0) > b, before, { timeout: 170_000 });
  expect((await page.evaluate(lastRun))!.logits).toHaveLength(mini.numClasses);
  await expect(page.getByTestId("untrained-banner")).toContainText("predictions meaningless");
  await expect(page.getByTestId("trained-note")).toHaveCount(0);
  await expect(page.getByTestId("imagenette-note")).toHaveCount(0);
  await expect(page.getByTestId("predictions")).toContainText("these classes mean nothing");

  // Back to the trained model: the banner goes again.
  await page.getByTestId("model-select").selectOption(trained.id);
  await expect(page.getByTestId("trained-note")).toBeVisible();
  await expect(page.getByTestId("untrained-banner")).toHaveCount(0);

  // ?img=none: an empty start, for pages that must see only the images they choose.
  await page.goto(`/?backend=wasm&model=${mini.id}&res=64&img=none`);
  await expect(page.getByTestId("graph-info")).toBeVisible({ timeout: 170_000 });
  await expect(page.getByText("Choose an image to run the model.")).toBeVisible();
  await page.waitForTimeout(1000); // a start photo would have been fetched and run by now
  expect(await page.evaluate(lastRun)).toBeNull();
  await expect(page.locator("[aria-pressed=true]")).toHaveCount(0);
});
