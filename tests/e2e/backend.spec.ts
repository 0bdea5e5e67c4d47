// Headless Chromium's only WebGPU adapter is SwiftShader (a CPU rasteriser): "auto" runs on WASM and says why in
// the badge, and WebGPU stays one click away. Each backend loads its own onnxruntime-web build
// (lib/runtime/ort-module.ts): WASM the WASM-only runtime, never the 28 MB WebGPU one; WebGPU the WebGPU one.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

const WASM_ONLY = /\/ort\/ort-wasm-simd-threaded\.wasm$/, WITH_WEBGPU = /\/ort\/ort-wasm-simd-threaded\.jsep\.wasm$/;

test("auto picks WASM over a software WebGPU adapter; one click switches to WebGPU", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (r) => void fetched.push(r.url()));
  const wasmOnly = page.waitForRequest(WASM_ONLY, { timeout: 60_000 });
  await page.goto("/?model=nextvit-mini-random&res=64&img=none");
  const badge = page.getByTestId("backend");
  await expect(badge).toHaveAttribute("data-backend", "wasm", { timeout: 60_000 });
  await wasmOnly;
  expect(fetched.filter((u) => WITH_WEBGPU.test(u))).toEqual([]);
  const withWebGpu = page.waitForRequest(WITH_WEBGPU, { timeout: 60_000 });
  await expect(badge).toContainText(/software fallback \(.*swiftshader.*\), far slower than WASM/i);
  await page.getByTestId("use-webgpu").click();
  await expect(page).toHaveURL(/backend=webgpu/);
  await expect(page).toHaveURL(/model=nextvit-mini-random/);
  await expect(badge).toHaveAttribute("data-backend", "webgpu", { timeout: 60_000 });
  await expect(badge).toContainText(/swiftshader/i);
  await expect(page.getByTestId("use-webgpu")).toHaveCount(0);
  await withWebGpu;
});

test("both runtimes are served gzip-compressed as stored (scripts/copy-ort.mjs), and decode to onnxruntime-web's own bytes", async ({ request }) => {
  for (const name of ["ort-wasm-simd-threaded.wasm", "ort-wasm-simd-threaded.jsep.wasm"]) {
    const res = await request.get(`/ort/${name}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-encoding"]).toBe("gzip");
    expect(res.headers()["content-type"]).toBe("application/wasm"); // what WebAssembly.instantiateStreaming needs
    const body = await res.body(); // decoded by the client, as the browser does
    expect(body.equals(readFileSync(`node_modules/onnxruntime-web/dist/${name}`))).toBe(true);
    expect(Number(res.headers()["content-length"])).toBeLessThan(body.length / 3);
  }
});
