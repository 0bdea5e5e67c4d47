// A WebGPU device that goes away: the run is repeated on WASM, the page says so (LAB202) and
// the result equals a plain WASM run.
import { expect, test } from "@playwright/test";
import { maxRelDiff, uploadAndWait } from "./helpers";

test("device lost → rerun on WASM with a notice, same logits as WASM", async ({ browser }) => {
  const wasmCtx = await browser.newContext();
  const wasmPage = await wasmCtx.newPage();
  await wasmPage.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  const wasm = await uploadAndWait(wasmPage, "public/gallery/retina.jpg");
  await wasmCtx.close();

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // img=none: no run of a start photo is in flight when the device goes away.
  await page.goto("/?backend=webgpu&model=nextvit-mini-random&res=64&img=none");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "webgpu");
  await expect(page.getByTestId("graph-info")).toBeVisible({ timeout: 120_000 }); // session ready on WebGPU
  await page.evaluate(() => (window as unknown as { __lab: { debugLoseDevice(): void } }).__lab.debugLoseDevice());
  const run = await uploadAndWait(page, "public/gallery/retina.jpg");
  expect(run.backend).toBe("wasm");
  await expect(page.getByTestId("alert-LAB202")).toContainText("repeated on WASM");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "wasm");
  expect(maxRelDiff(run.logits, wasm.logits)).toBeLessThanOrEqual(1e-5);
  await ctx.close();
});
