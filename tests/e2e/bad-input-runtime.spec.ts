// Runtime faults through the real recovery paths: a destroyed WebGPU device (debug hook calls
// GPUDevice.destroy() inside the worker), an uncaught error in the worker (debug hook throws
// from its message handler), and 50 uploads in quick succession with memory measured.
import { expect, test, type Page } from "@playwright/test";
import { maxRelDiff } from "./helpers";
import { expectWorks, openLab, outcome, tryImage } from "./bad-input-helpers";
import { pngOf } from "../fixtures/bad/images";

test.describe.configure({ mode: "serial" });
// Eager memory measurement (else Chromium delays measureUserAgentSpecificMemory by up to 20 s)
// and gc() in the page and the worker, for before/after figures.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--enable-unsafe-webgpu", "--disable-background-networking", "--no-first-run", "--no-sandbox", "--enable-blink-features=ForceEagerMeasureMemory", "--js-flags=--expose-gc"],
  },
});

const png = (w: number, h: number) => ({ name: `img-${w}x${h}.png`, mimeType: "image/png", buffer: pngOf(w, h, 2) });
type LabHandle = { debugLoseDevice(): void; debugCrashNextRuns(n: number): void; latestRun: number };

test("WebGPU device lost mid-run: the run is repeated on WASM with a notice, and WASM stays selected", async ({ page }) => {
  await openLab(page, "backend=webgpu&res=64");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "webgpu");
  const gpu = await expectWorks(page, png(64, 48), "64×48");
  expect(gpu.backend).toBe("webgpu");

  const before = gpu.runId;
  await page.getByTestId("image-file").setInputFiles(png(64, 48));
  await page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.debugLoseDevice());
  const o = await outcome(page, before);
  expect(o, JSON.stringify(o)).toMatchObject({ kind: "result" });
  if (o.kind !== "result") return;
  await expect(page.getByTestId("alert-LAB202")).toContainText("repeated on WASM");
  expect(o.run.backend).toBe("wasm");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-backend", "wasm");
  // Same image, same weights: the WASM rerun agrees with the WebGPU run.
  expect(maxRelDiff(o.run.logits, gpu.logits)).toBeLessThanOrEqual(1e-3);
  expect((await expectWorks(page, png(30, 30), "30×30")).backend).toBe("wasm");
});

test("worker crash: restarted and the image rerun once; a second crash on the same image is an error, the next image runs", async ({ page }) => {
  await openLab(page);
  const ref = await expectWorks(page, png(64, 48), "64×48");
  const lab = () => page.evaluate((n) => (window as unknown as { __lab: LabHandle }).__lab.debugCrashNextRuns(n), 1);

  await lab();
  const once = await tryImage(page, png(64, 48));
  expect(once, JSON.stringify(once)).toMatchObject({ kind: "result", imageSize: "64×48" });
  await expect(page.getByTestId("alert-LAB210")).toContainText("restarted it and ran the image again");
  if (once.kind === "result") expect(maxRelDiff(once.run.logits, ref.logits)).toBeLessThanOrEqual(1e-6);

  await page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.debugCrashNextRuns(2));
  const twice = await tryImage(page, png(50, 50));
  expect(twice, JSON.stringify(twice)).toMatchObject({ kind: "error", code: "LAB210" });
  if (twice.kind === "error") expect(twice.text).toMatch(/crashed twice.*smaller model/);
  await expectWorks(page, png(40, 40), "40×40");
});

async function memory(page: Page): Promise<{ pageHeap: number; all: number | null; workers: number | null }> {
  const cdp = await page.context().newCDPSession(page);
  // gc() in the lab's worker; ORT's pthread workers (/ort/…) sit in Atomics.wait and never answer.
  for (const w of page.workers().filter((x) => !x.url().includes("/ort/"))) {
    await Promise.race([w.evaluate(() => (globalThis as unknown as { gc?: () => void }).gc?.()).catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  const m = await page.evaluate(async () => {
    const p = performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }> };
    if (!p.measureUserAgentSpecificMemory) return null;
    const r = await p.measureUserAgentSpecificMemory();
    const workers = r.breakdown.filter((b) => b.attribution.some((a) => a.scope === "DedicatedWorkerGlobalScope")).reduce((s, b) => s + b.bytes, 0);
    return { all: r.bytes, workers };
  });
  return { pageHeap: usedSize, all: m?.all ?? null, workers: m?.workers ?? null };
}

test("50 uploads in quick succession: the last one wins, object URLs are revoked, memory returns", async ({ page }) => {
  await openLab(page);
  for (let i = 0; i < 3; i++) await expectWorks(page, png(40 + i, 30));
  const firstUrl = await page.locator("img[alt=chosen]").getAttribute("src");
  const m0 = await memory(page);

  const t0 = Date.now();
  for (let i = 0; i < 50; i++) await page.getByTestId("image-file").setInputFiles(png(40 + i, 30 + i));
  const sentIn = Date.now() - t0;
  const lastId = await page.evaluate(() => (window as unknown as { __lab: LabHandle }).__lab.latestRun);
  await page.waitForFunction((id) => (window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId === id, lastId, { timeout: 170_000 });
  await expect(page.getByTestId("timings")).toContainText("image 89×79");
  await page.waitForTimeout(1000); // nothing older may arrive after the last
  expect(await page.evaluate(() => (window as unknown as { __labLastRun: { runId: number } }).__labLastRun.runId)).toBe(lastId);
  await expect(page.getByTestId("timings")).toContainText("image 89×79");

  const m1 = await memory(page);
  const revoked = await page.evaluate((u) => fetch(u!).then(() => false, () => true), firstUrl);
  expect(revoked, "the first image's object URL was revoked").toBe(true);
  const mb = (n: number | null) => (n === null ? "n/a" : (n / 1e6).toFixed(1) + " MB");
  console.log(
    `[memory] 50 uploads sent in ${sentIn} ms; page JS heap ${mb(m0.pageHeap)} -> ${mb(m1.pageHeap)}; ` +
      `all (measureUserAgentSpecificMemory) ${mb(m0.all)} -> ${mb(m1.all)}; worker ${mb(m0.workers)} -> ${mb(m1.workers)}`,
  );
  expect(m1.pageHeap - m0.pageHeap, "page heap growth after 50 uploads").toBeLessThan(8e6);
  if (m0.all !== null && m1.all !== null) expect(m1.all - m0.all, "page + worker memory growth").toBeLessThan(32e6);
});
