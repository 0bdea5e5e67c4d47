// Drag and drop and paste reach the model, and the latest image wins when images arrive
// faster than the model runs.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { maxRelDiff, uploadAndWait, type LastRun } from "./helpers";

async function sendImage(page: Page, how: "drop" | "paste", file: string): Promise<void> {
  const b64 = readFileSync(file).toString("base64");
  await page.evaluate(
    ({ how, b64, name }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: "image/jpeg" }));
      if (how === "drop") document.querySelector("[data-testid=dropzone]")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      else window.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt }));
    },
    { how, b64, name: file.split("/").pop()! },
  );
}

const lastRun = (page: Page) => page.evaluate(() => (window as unknown as { __labLastRun?: LastRun }).__labLastRun ?? null);

test("drop and paste run the model; two images back to back end on the last one; a reload uses the cached graph", async ({ page }) => {
  await page.goto("/?backend=wasm&model=nextvit-mini-random&res=64");
  const viaChooser = await uploadAndWait(page, "public/gallery/hubble.jpg");
  const coffee = await uploadAndWait(page, "public/gallery/coffee.jpg");

  await sendImage(page, "drop", "public/gallery/hubble.jpg");
  await page.waitForFunction((id) => ((window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0) > id, coffee.runId);
  const dropped = (await lastRun(page))!;
  expect(maxRelDiff(dropped.logits, viaChooser.logits)).toBe(0);

  // Two images back to back: the first is superseded, and the page ends on the second.
  await sendImage(page, "drop", "public/gallery/hubble.jpg");
  await sendImage(page, "paste", "public/gallery/coffee.jpg");
  await page.waitForFunction((id) => ((window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0) >= id + 2, dropped.runId);
  await page.waitForTimeout(1500); // a stale result arriving late would overwrite the last one here
  const final = (await lastRun(page))!;
  expect(final.runId).toBe(dropped.runId + 2);
  expect(maxRelDiff(final.logits, coffee.logits)).toBe(0);
  await expect(page.getByTestId("prediction")).toHaveCount(5);

  // A reload finds the compiled graph in the Cache API instead of compiling again.
  await expect(page.getByTestId("graph-info")).toContainText("compiled");
  await page.reload();
  await expect(page.getByTestId("graph-info")).toContainText("from cache");
  const cached = await uploadAndWait(page, "public/gallery/coffee.jpg");
  expect(maxRelDiff(cached.logits, coffee.logits)).toBe(0);
});
