// Lets a freshly started Chromium finish its own start-up before a cold start is timed. Its first navigation makes
// Chromium build the omnibox popup's WebUI (chrome://omnibox-popup.top-chrome, in a renderer of its own): on this
// project's 2-core host a trace counted ~1.0-1.9 s of that renderer's main thread inside the app's first 2 s. A
// user's browser did that long before they opened the lab, so the bench first shows a blank data: page (which
// shares no origin, cache or storage with the app) and waits for the machine to go quiet.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";

function cpuTimes(): { idle: number; total: number } | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + f[4], total: f.reduce((a, c) => a + c, 0) };
  } catch {
    return null; // not Linux: the fixed pause below is all there is
  }
}

/** Busy share of all cores (0-1) over the next `ms`. */
async function busyOver(ms: number): Promise<number | null> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/** Navigates `page` to a blank data: page, then waits until two 250 ms windows in a row are under `threshold` busy
 *  (at most `maxMs`). Returns the milliseconds it waited. */
export async function settleBrowser(page: Page, threshold = 0.15, maxMs = 15_000): Promise<number> {
  const t0 = Date.now();
  await page.goto("data:text/html,<title>settle</title>");
  let quiet = 0;
  while (Date.now() - t0 < maxMs && quiet < 2) {
    const busy = await busyOver(250);
    if (busy === null) {
      await new Promise((r) => setTimeout(r, 2000));
      break;
    }
    quiet = busy < threshold ? quiet + 1 : 0;
  }
  return Date.now() - t0;
}
