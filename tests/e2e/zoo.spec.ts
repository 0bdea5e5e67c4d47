// The zoo in the lab (production build, WASM): LeViT-128S, ResNet-50 and Swin-T picked in the
// model picker build in the worker with every tap; LeViT's own view draws one bias map per
// head and the attention of a clicked query; the Grad-CAM tab gives every tap of each model a
// map, and every CAM method its own map (the gradients themselves are checked in the unit tests).
import { expect, test, type Page } from "@playwright/test";
import { CAM_METHODS } from "../../lib/analysis/cam/types";
import { architecture } from "../../lib/baselines/registry";
import { listSwinTaps, swinPreset } from "../../lib/baselines/swin";
import type { TapInfo } from "../../lib/onnx/ir";
import { manifest } from "./helpers";

test.describe.configure({ mode: "serial" });
// Pages open with img=none (the default model would otherwise run a start photo before the zoo model is picked)
// and res=224: the default trained model opens at its own 128², and these checks are written for 224² (LeViT-128S: a
// 27² offset grid; the input select keeps the resolution when the zoo model is picked).

function zooTaps(id: string): TapInfo[] {
  const e = manifest.models.find((m) => m.id === id)!;
  if (e.family === "nextvit") throw new Error(`${id} is not a zoo entry`);
  const size = e.preprocess.size, window = (e.config as { window?: number }).window;
  return window ? listSwinTaps(swinPreset("T", { window, imgSize: size }), size, size) : architecture(e.arch).listTaps(size);
}

async function pickAndRun(page: Page, id: string, taps: TapInfo[]): Promise<void> {
  await page.getByTestId("model-select").selectOption(id);
  await expect(page.getByTestId("graph-info")).toContainText(`${taps.length} taps`, { timeout: 170_000 });
  const before = await page.evaluate(() => (window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0);
  await page.getByTestId("gallery-chelsea").click();
  await page.waitForFunction((b) => ((window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0) > b, before, { timeout: 170_000 });
  await expect(page.getByTestId("prediction")).toHaveCount(5);
  await expect(page.getByTestId("untrained-banner")).toContainText("predictions meaningless");
  const rows = page.getByTestId("layer-row");
  await expect(rows).toHaveCount(taps.length);
  for (const t of [taps[0], taps[Math.floor(taps.length / 2)], taps[taps.length - 1]]) {
    await expect(page.locator(`[data-testid=layer-row][data-path="${t.path}"]`)).toHaveCount(1);
  }
}

async function expectGradCamEveryMethod(page: Page, taps: TapInfo[]): Promise<void> {
  await page.getByRole("tab", { name: "Grad-CAM" }).click();
  await page.waitForFunction((n) => (window as unknown as { __labGrad?: { taps: unknown[] } }).__labGrad?.taps.length === n,
    taps.length, { timeout: 170_000 });
  await expect(page.getByTestId("cam-error")).toHaveCount(0);
  await expect(page.getByTestId("cam-strip").locator("canvas")).toHaveCount(taps.length);
  // A middle tap: at the last one the gradient is the same at every position (global pooling
  // follows), where Grad-CAM and HiResCAM coincide by definition.
  await page.getByTestId("cam-layer").selectOption(taps[Math.floor(taps.length / 2)].path);
  const overlay = page.getByTestId("cam-overlay").locator("canvas");
  const seen: string[] = [];
  for (const method of CAM_METHODS) {
    await page.getByTestId("cam-method").selectOption(method);
    let url = "";
    await expect.poll(async () => !seen.includes((url = await overlay.evaluate((c: HTMLCanvasElement) => c.toDataURL()))),
      { message: `${method} draws a map of its own` }).toBe(true);
    seen.push(url);
  }
}

test("LeViT-128S: taps in the layer explorer, one bias map per head, attention of a clicked query", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?backend=wasm&img=none&res=224");
  const taps = zooTaps("levit-128s-random");
  await pickAndRun(page, "levit-128s-random", taps);
  expect(taps.filter((t) => t.kind === "Attention").length).toBe(9);

  await page.getByRole("tab", { name: "LeViT attention" }).click();
  const view = page.getByTestId("levit-view");
  await expect(view).toBeVisible();
  // LeViT-128S, first stage: 4 heads on the 14×14 token grid (offset maps 27×27).
  await expect(view.getByTestId("levit-bias-map")).toHaveCount(4);
  await expect(view.getByTestId("levit-attention-map")).toHaveCount(4);
  await expect(view.getByText("B(|dy|, |dx|) on a 27² offset grid")).toBeVisible();

  const canvas = view.getByTestId("levit-query-canvas");
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
  await expect(view.getByTestId("levit-query-label")).toContainText("query (10, 3) of 14×14");
  await expect(view.getByText("Attention of query (10, 3)")).toBeVisible();
  // Every attention map is a distribution over keys: its canvas is painted (not blank).
  const painted = await view.getByTestId("levit-attention-map").locator("canvas").first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { w: c.width, colours: seen.size };
  });
  expect(painted.w).toBe(14);
  expect(painted.colours).toBeGreaterThan(10);

  // The shrinking attention of stage 2: 8 heads, keys on 14×14, queries on 7×7.
  await view.getByRole("radio", { name: /14²→7²/ }).click();
  await expect(view.getByTestId("levit-bias-map")).toHaveCount(8);
  await expect(view.getByTestId("levit-query-label")).toContainText("of 7×7");
  await view.getByRole("radio", { name: /^blocks\.0 / }).click();
  await view.evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: "docs/screenshots/levit-1440x900.png" });
  await expectGradCamEveryMethod(page, taps);
});

for (const id of ["resnet50-random", "swin-t-w5-random"]) {
  test(`${id}: taps listed, no LeViT tab, one spectrum per tap, Grad-CAM of every tap and method`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/?backend=wasm&img=none&res=224");
    const taps = zooTaps(id);
    await pickAndRun(page, id, taps);
    await expect(page.getByRole("tab", { name: "LeViT attention" })).toHaveCount(0);
    await page.getByRole("tab", { name: "Spectra" }).click();
    // One 2-D spectrum per tap: token taps reach lib/analysis as maps on their grid.
    await expect(page.locator("[data-testid=spectra-grid] image")).toHaveCount(taps.length, { timeout: 170_000 });
    // ΔlogA vs depth: every tap of these models is a block output, so one point each, plus the line.
    await expect(page.locator("[data-testid=spectra-depth] [data-series] > path")).toHaveCount(taps.length + 1);
    await expectGradCamEveryMethod(page, taps);
    await page.getByTestId("gradcam-tab").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/gradcam-${id}-1440x900.png` });
  });
}
