// Shared by the bad-input and privacy specs: open the lab with a small model, feed it a file,
// and learn whether it ran (a new result) or refused (a typed error alert), never waiting forever.
import { expect, type Page } from "@playwright/test";
import type { LastRun } from "./helpers";

type Win = { __labLastRun?: LastRun };

export type Outcome =
  | { kind: "result"; run: LastRun; imageSize: string }
  | { kind: "error"; code: string; text: string };

/**
 * Opens the lab (WASM, 64² input unless told otherwise) and waits for the model to be ready. `img=none`:
 * no gallery photo runs by itself, so every result these specs see is of a file they fed.
 */
export async function openLab(page: Page, query = "backend=wasm&res=64"): Promise<void> {
  await page.goto(`/?${query}${/(^|&)img=/.test(query) ? "" : "&img=none"}`);
  await expect(page.getByTestId("graph-info")).toBeVisible({ timeout: 170_000 });
}

export async function dismissAlerts(page: Page): Promise<void> {
  const buttons = page.getByRole("button", { name: "Dismiss" });
  while ((await buttons.count()) > 0) await buttons.first().click();
}

async function lastRunId(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as Win).__labLastRun?.runId ?? 0);
}

/** Waits for either a newer result than `before` or an error alert (role=alert). */
export async function outcome(page: Page, before: number): Promise<Outcome> {
  await page.waitForFunction(
    (b) => ((window as unknown as Win).__labLastRun?.runId ?? 0) > b || document.querySelector("[role=alert][data-testid^=alert-]") !== null,
    before,
    { timeout: 170_000 },
  );
  const alert = page.locator("[role=alert][data-testid^=alert-]").first();
  if (await alert.count()) {
    const code = (await alert.getAttribute("data-testid"))!.replace("alert-", "");
    return { kind: "error", code, text: (await alert.innerText()).replace(/\s+/g, " ") };
  }
  const run = await page.evaluate(() => (window as unknown as { __labLastRun: LastRun }).__labLastRun);
  const timings = await page.getByTestId("timings").innerText();
  return { kind: "result", run, imageSize: /image (\d+×\d+)/.exec(timings)?.[1] ?? "?" };
}

/** Feeds an image through the file chooser after clearing old alerts. */
export async function tryImage(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<Outcome> {
  await dismissAlerts(page);
  const before = await lastRunId(page);
  await page.getByTestId("image-file").setInputFiles(file);
  return outcome(page, before);
}

export async function expectWorks(page: Page, file: Parameters<typeof tryImage>[1], size?: string): Promise<LastRun> {
  const o = await tryImage(page, file);
  expect(o, JSON.stringify(o)).toMatchObject({ kind: "result" });
  if (o.kind !== "result") throw new Error("unreachable");
  if (size) expect(o.imageSize).toBe(size);
  expect(o.run.logits.every(Number.isFinite)).toBe(true);
  return o.run;
}

export async function expectRefused(page: Page, file: Parameters<typeof tryImage>[1], code: string, text: RegExp): Promise<string> {
  const o = await tryImage(page, file);
  expect(o, JSON.stringify(o)).toMatchObject({ kind: "error", code });
  if (o.kind !== "error") throw new Error("unreachable");
  expect(o.text).toMatch(text);
  await expect(page.getByTestId("prediction")).toHaveCount(0);
  return o.text;
}
