// Headless Chromium's only WebGPU adapter is SwiftShader (a CPU rasteriser): "auto" runs on WASM and says why in
// the badge, and WebGPU stays one click away.
import { expect, test } from "@playwright/test";

test("auto picks WASM over a software WebGPU adapter; one click switches to WebGPU", async ({ page }) => {
  await page.goto("/?model=nextvit-mini-random&res=64&img=none");
  const badge = page.getByTestId("backend");
  await expect(badge).toHaveAttribute("data-backend", "wasm", { timeout: 60_000 });
  await expect(badge).toContainText(/software fallback \(.*swiftshader.*\), far slower than WASM/i);
  await page.getByTestId("use-webgpu").click();
  await expect(page).toHaveURL(/backend=webgpu/);
  await expect(page).toHaveURL(/model=nextvit-mini-random/);
  await expect(badge).toHaveAttribute("data-backend", "webgpu", { timeout: 60_000 });
  await expect(badge).toContainText(/swiftshader/i);
  await expect(page.getByTestId("use-webgpu")).toHaveCount(0);
});
