// /paper in Debian Chromium (WASM): the paper's Fig. 5 on the shipped ResNet-50, Swin-T and Next-ViT-S in one
// click over the user's own images, every panel's export, cancel, and a shared link that makes the same figure
// again (gallery source). Screenshots at 1440×900 and 390×844 go to docs/screenshots/.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { galleryPng } from "./helpers";

test.describe.configure({ mode: "serial" });

async function download(page: Page, scope: ReturnType<Page["getByTestId"]>, name: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent("download"), scope.getByRole("button", { name, exact: true }).first().click()]);
  return readFileSync(await d.path());
}

const curveNumbers = (page: Page) =>
  page.locator("[data-testid^=paper-high-]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-testid")}=${e.getAttribute("data-value")}`));

test("Fig. 5 over two of my images: curves, depth chart and a Grad-CAM grid, each exported", async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/paper?be=wasm&src=files&rows=2");
  await expect(page.getByTestId("paper-models").locator("[data-id]")).toHaveCount(3);
  await page.getByTestId("paper-files").setInputFiles([galleryPng("chelsea", testInfo), galleryPng("coffee", testInfo)]);
  await expect(page.getByTestId("paper-count")).toHaveText("2 images to average");
  await page.getByTestId("paper-run").click();
  const status = page.getByTestId("paper-status");
  await expect(status).toHaveAttribute("data-status", "running");
  await expect(status).toHaveAttribute("data-total", "12"); // 3 models × (2 spectra images + 2 CAM rows)
  await expect(status).toHaveAttribute("data-status", "done", { timeout: 170_000 });
  await expect(page.getByTestId("paper-averaged")).toHaveText("Averaged over 2 images.");
  await expect(page).toHaveURL(/run=true/);

  // (a) one chart per model, four stage-end curves each, on one y axis; the depth chart holds all three.
  const curves = page.getByTestId("paper-curves");
  await expect(curves.locator("figure")).toHaveCount(3);
  for (const f of await curves.locator("figure").all()) await expect(f.locator("path[data-tap]")).toHaveCount(4);
  expect(await curveNumbers(page)).toHaveLength(3);
  const depth = page.getByTestId("paper-depth");
  await expect(depth.locator("svg [data-series]").first()).toBeAttached();
  // (b) rows = images, columns = models.
  const cams = page.getByTestId("paper-cams");
  await expect(cams).toHaveAttribute("data-cells", "6");
  await expect(cams.locator("image")).toHaveCount(6);

  const csv = (await download(page, curves.locator("figure").first(), "CSV")).toString().trim().split("\n");
  expect(csv[0]).toBe("model,id,tap,stage,k,freq_pi,dlogA");
  expect(new Set(csv.slice(1).map((r) => r.split(",")[3]))).toEqual(new Set(["1", "2", "3", "4"]));
  expect((await download(page, curves.locator("figure").first(), "PNG")).subarray(1, 4).toString()).toBe("PNG");
  expect((await download(page, curves.locator("figure").first(), "SVG")).toString()).toContain("<path");
  const depthCsv = (await download(page, depth, "CSV")).toString().trim().split("\n");
  expect(depthCsv[0]).toBe("model,id,tap,kind,stage,depth,dlogA_high");
  expect(depthCsv.some((r) => r.includes(",NTB,"))).toBe(true);
  expect((await download(page, depth, "PNG")).subarray(1, 4).toString()).toBe("PNG");
  const camCsv = (await download(page, cams, "CSV")).toString().trim().split("\n");
  expect(camCsv[0]).toBe("image,model,tap,class_index,class,y,x,cam");
  expect(camCsv.length - 1).toBe(2 * (25 + 25 + 25)); // 5×5 last-stage maps at 160², 3 models, 2 images
  expect((await download(page, cams, "SVG")).toString()).toContain("data:image/png;base64");
  expect((await download(page, cams, "PNG")).subarray(1, 4).toString()).toBe("PNG");

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "docs/screenshots/paper-1440x900.png" });
  await page.getByTestId("paper-section-depth").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: "docs/screenshots/paper-cams-1440x900.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // let the charts re-measure their width and redraw
  await page.getByTestId("paper-section-curves").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: "docs/screenshots/paper-390x844.png" });

  // A link made with my own images cannot carry them: a fresh visit keeps the view and asks for images.
  const fresh = await page.context().browser()!.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId("paper-files-again")).toBeVisible();
  await expect(other.getByTestId("paper-rows")).toHaveValue("2");
  await expect(other.getByTestId("paper-status")).toHaveAttribute("data-status", "idle");
  await fresh.close();
  expect(errors).toEqual([]);
});

test("Cancel stops a gallery run; its shared link makes the figure again in a fresh browser", async ({ page, browser }) => {
  test.setTimeout(480_000); // a whole gallery figure: 3 models × 8 photos on WASM
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/paper?be=wasm&src=gallery&rows=1");
  await expect(page.getByTestId("paper-count")).toHaveText("8 images to average");
  await page.getByTestId("paper-overlay").check();
  await expect(page).toHaveURL(/ov=true/);
  await page.getByTestId("paper-run").click();
  const status = page.getByTestId("paper-status");
  await expect(status).toHaveAttribute("data-total", "27"); // 3 models × (8 spectra images + 1 CAM row)
  await expect.poll(async () => Number(await status.getAttribute("data-done")), { timeout: 150_000 }).toBeGreaterThanOrEqual(1);
  await page.getByTestId("paper-cancel").click();
  await expect(status).toHaveAttribute("data-status", "cancelled");
  await expect(page).toHaveURL(/run=true/);

  // The link (gallery, overlay, one CAM row, run) opened elsewhere makes the whole figure by itself.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on("pageerror", (e) => errors.push(`fresh: ${e.message}`));
  await other.goto(page.url());
  await expect(other.getByTestId("paper-overlay")).toBeChecked();
  await expect(other.getByTestId("paper-rows")).toHaveValue("1");
  await expect(other.getByTestId("paper-status")).toHaveAttribute("data-status", "done", { timeout: 400_000 });
  await expect(other.getByTestId("paper-averaged")).toHaveText("Averaged over 8 images.");
  await expect(other.getByTestId("paper-curves").locator("figure")).toHaveCount(1); // the three overlaid
  await expect(other.getByTestId("paper-curves").locator("path[data-tap]")).toHaveCount(12);
  const values = (await curveNumbers(other)).map((v) => Number(v.split("=")[1]));
  expect(values).toHaveLength(3);
  expect(values.every(Number.isFinite)).toBe(true);
  await expect(other.getByTestId("paper-cams")).toHaveAttribute("data-cells", "3");
  await fresh.close();
  expect(errors).toEqual([]);
});
