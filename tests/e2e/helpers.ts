// Shared by the e2e specs: request recording (nothing may leave the lab's origin), and a
// Node-side reference run of the exact graph the browser builds.
import type { Page, TestInfo } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import type { ModelEntry } from "../../lib/runtime/manifest";
import manifestJson from "../../public/models/manifest.json" with { type: "json" };
import galleryJson from "../../public/gallery/gallery.json" with { type: "json" };

export const manifest = manifestJson as unknown as { models: ModelEntry[] };
export const modelS = manifest.models.find((m) => m.id === "nextvit-s-random")!;
/** The photo a first visit runs by itself (the gallery's first). */
export const firstPhoto = galleryJson.images[0];

export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on("request", (r) => urls.push(r.url()));
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}

export function foreignRequests(urls: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return urls.filter((u) => !(u.startsWith(origin + "/") || u === origin || u.startsWith("blob:" + origin) || u.startsWith("data:")));
}

/** A lossless PNG of a gallery photo, so browser and Node decode identical pixels. */
export function galleryPng(id: string, testInfo: TestInfo): string {
  const jpg = jpeg.decode(readFileSync(`public/gallery/${id}.jpg`), { useTArray: true, formatAsRGBA: true });
  const png = new PNG({ width: jpg.width, height: jpg.height });
  png.data = Buffer.from(jpg.data);
  const path = testInfo.outputPath(`${id}.png`);
  writeFileSync(path, PNG.sync.write(png));
  return path;
}

export interface LastRun {
  runId: number;
  wallMs: number;
  backend: "wasm" | "webgpu";
  logits: number[];
  timings: { decode: number; preprocess: number; inference: number; total: number };
}

type RunWin = { __labLastRun?: { runId: number }; __lab?: { latestRun: number } };

/** Run id of the newest run the page has sent to the worker (0: none yet). */
const sentRunId = (page: Page) => page.evaluate(() => Math.max(0, (window as unknown as RunWin).__lab?.latestRun ?? 0));

/**
 * Chooses `file` and waits for its result. A run sent before (the gallery photo a first visit
 * runs by itself) may still be on its way: only a result at least as new as the upload's run counts.
 * When the model is not ready yet, the upload runs later under a newer id, also > before.
 */
export async function uploadAndWait(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<LastRun> {
  const before = await page.evaluate(() => (window as unknown as RunWin).__labLastRun?.runId ?? 0);
  await page.getByTestId("image-file").setInputFiles(file);
  const sent = await sentRunId(page);
  await page.waitForFunction(
    ([b, s]) => {
      const id = (window as unknown as RunWin).__labLastRun?.runId ?? 0;
      return id > b && id >= s;
    },
    [before, sent] as const,
    { timeout: 170_000 },
  );
  return page.evaluate(() => (window as unknown as { __labLastRun: LastRun }).__labLastRun);
}

export function maxRelDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let scale = 0, d = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(a[i] - ref[i]));
  return d / scale;
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
