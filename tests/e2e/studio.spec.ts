// The ablation studio on the production build: a configured view survives a shared link, back/forward
// restore earlier views, and hostile link parameters are dropped without errors or injected markup.
// WASM and 64² inputs keep it fast.
import { expect, test, type Page } from "@playwright/test";
import { weightsStatus } from "../../lib/studio/weights";
import { officialVariant } from "../../lib/studio/variant";
import { parseManifest } from "../../lib/runtime/manifest";
import manifestJson from "../../public/models/manifest.json" with { type: "json" };

// S75 is the official Next-ViT-S: when the manifest ships trained S weights, the studio uses them.
const s75 = weightsStatus({ kind: "variant", variant: officialVariant("S", 75) }, parseManifest(manifestJson));
const s75Accuracy = s75.imagenetteTop1 !== null ? `${s75.imagenetteTop1.toFixed(1)} %` : s75.trained ? "not measured yet" : "not trained";

const numbers = async (page: Page, n: number) => {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    for (const k of ["params", "macs", "dloga", "acc"]) out[`${k}-${i}`] = (await page.getByTestId(`cost-${k}-${i}`).innerText()).trim();
    out[`r-${i}`] = await page.getByTestId(`variant-${i}-r`).innerText();
    out[`pattern-${i}`] = (await page.getByTestId(`variant-${i}-pattern`).innerText()).replace(/\s+/g, "");
  }
  return out;
};

async function analysed(page: Page, n: number) {
  await expect(page.locator('[data-testid^="cost-row-"]')).toHaveCount(n);
  for (let i = 0; i < n; i++) await expect(page.getByTestId(`cost-dloga-${i}`)).toHaveText(/^-?\d+\.\d{4}$/, { timeout: 120_000 });
}

test("two configured variants travel by link; back/forward restore earlier views", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/studio?v=S75&res=64&be=wasm&img=chelsea");
  await page.getByTestId("add-variant").click();
  await expect(page).toHaveURL(/v=S75~S75/);
  await page.getByTestId("variant-1-r-0").click();
  await expect(page).toHaveURL(/v=S75~S0(&|$)/);
  await page.getByTestId("variant-1-preset").selectOption("cttt");
  await expect(page).toHaveURL(/v=S75~S0-cttt/);
  await analysed(page, 2);
  const first = await numbers(page, 2);
  expect(first["r-1"]).toBe("0.00");
  expect(first["pattern-1"]).toContain("TTTT");
  expect(first["params-0"]).toBe("31.76 M"); // the official Next-ViT-S
  expect(first["params-1"]).not.toBe(first["params-0"]);
  expect(first["acc-0"]).toBe(s75Accuracy);

  await page.getByTestId("copy-link").click();
  const link = await page.getByTestId("copied-link").inputValue();
  expect(link).toBe(page.url());
  expect(link.length).toBeLessThan(2000);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on("pageerror", (e) => errors.push(`fresh: ${e.message}`));
  await other.goto(link);
  await analysed(other, 2);
  expect(await numbers(other, 2)).toEqual(first);
  await expect(other.getByTestId("section-curves")).toBeVisible();
  await expect(other.getByTestId("section-depth")).toBeVisible();
  await fresh.close();

  await page.goBack();
  await expect(page).toHaveURL(/v=S75~S0(&|$)/);
  await expect(page.getByTestId("variant-1-preset")).toHaveValue("nhs4");
  await page.goBack();
  await expect(page).toHaveURL(/v=S75~S75/);
  await expect(page.getByTestId("variant-1-r")).toHaveText("0.75");
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(/v=S75~S0-cttt/);
  await analysed(page, 2);
  expect(await numbers(page, 2)).toEqual(first);
  expect(errors).toEqual([]);
});

// Deterministic pseudo-random hostile values (xorshift), plus hand-picked payloads.
function* fuzzQueries(count: number): Generator<string> {
  const payloads = [
    "<img src=x onerror=alert(1)>", "javascript:alert(document.cookie)", "\"><svg/onload=alert(1)>", "NaN", "1e309",
    "-1", "9".repeat(40), "__proto__", "😀", "\u202e", "%00", "a".repeat(10_000), "{\"a\":[[[[]]]]}", "S75-<b>x</b>",
    "m-../../etc/passwd", "features.6<script>", "S75~".repeat(50),
  ];
  const keys = ["v", "img", "layer", "ch", "cam", "cls", "charts", "scale", "ov", "n", "be", "res", "x<y>", "v[0][1]", "onload"];
  let s = 0x9e3779b9;
  const rnd = (n: number) => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) % n);
  for (let i = 0; i < count; i++) {
    const parts = Array.from({ length: 1 + rnd(4) }, () => `${encodeURIComponent(keys[rnd(keys.length)])}=${encodeURIComponent(payloads[rnd(payloads.length)])}`);
    yield parts.join("&");
  }
}

test("fuzzed link parameters never throw or inject markup", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // img=uploaded first: a shared view of an uploaded image computes nothing until the user picks one.
  const queries = ["img=uploaded&v=<script>alert(1)</script>", ...[...fuzzQueries(30)].map((q) => `img=uploaded&${q}`)];
  for (const q of queries) {
    await page.goto(`/studio?${q}`);
    await expect(page.getByRole("heading", { name: "Ablation studio" })).toBeVisible();
    const bad = await page.evaluate(() => {
      const found: string[] = [];
      for (const el of document.querySelectorAll("*")) {
        for (const a of el.getAttributeNames()) if (a.startsWith("on")) found.push(`${el.tagName}[${a}]`);
        if (el instanceof HTMLImageElement && !el.getAttribute("src")?.startsWith("/gallery/")) found.push(`img ${el.getAttribute("src")}`);
        if (el instanceof HTMLAnchorElement && /^\s*javascript:/i.test(el.getAttribute("href") ?? "")) found.push("javascript: link");
        if (["IFRAME", "OBJECT", "EMBED"].includes(el.tagName)) found.push(el.tagName);
      }
      return found;
    });
    expect(bad, q).toEqual([]);
    // Every generated query holds at least one invalid value, so the notice must list something.
    await expect(page.getByTestId("url-dropped-item").first()).toBeVisible();
    await expect(page.getByTestId("upload-missing")).toBeVisible();
    expect(new URL(page.url()).search).not.toMatch(/%3C|<|javascript/i);
  }
  expect(errors).toEqual([]);
});

// Read-outs of every CAM strip: the class used and, per block, the map's mean and arg-max pixel.
async function camReadouts(page: Page, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const strip = page.getByTestId(`cam-strip-${i}`);
    await expect(strip).toHaveAttribute("data-readout", /^\d\.\d{4}@\d+( \d\.\d{4}@\d+)+$/, { timeout: 150_000 });
    out.push(`${await strip.getAttribute("data-method")}|${await strip.getAttribute("data-class")}|${await strip.getAttribute("data-readout")}`);
  }
  return out;
}

test("a Grad-CAM link shows the same CAM strip in a fresh context; method and class come from the URL", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/studio?v=S75~S0&img=chelsea&cam=gradcam&cls=3&be=wasm&res=64&charts=cam");
  const first = await camReadouts(page, 2);
  expect(first.every((r) => r.startsWith("gradcam|3|"))).toBe(true);
  expect(first[0]).not.toBe(first[1]); // r = 0.75 and r = 0 are different networks

  await page.getByTestId("studio-cam").selectOption("hirescam");
  await expect(page).toHaveURL(/cam=hirescam/);
  const hires = await camReadouts(page, 2);
  expect(hires[0].startsWith("hirescam|3|")).toBe(true);
  expect(hires[0].split("|")[2]).not.toBe(first[0].split("|")[2]);
  await page.goBack();
  await expect(page).toHaveURL(/cam=gradcam/);
  expect(await camReadouts(page, 2)).toEqual(first);

  const link = page.url();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on("pageerror", (e) => errors.push(`fresh: ${e.message}`));
  await other.goto(link);
  await expect(other.getByTestId("studio-cam")).toHaveValue("gradcam");
  await expect(other.getByTestId("studio-cls")).toHaveValue("3");
  expect(await camReadouts(other, 2)).toEqual(first);
  await fresh.close();
  expect(errors).toEqual([]);
});

test("gallery average: progress per image, the same numbers in a fresh context", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/studio?v=S0~S100&be=wasm&res=64&charts=curves,cost,latency");
  await page.getByTestId("studio-gallery-average").click();
  await expect(page).toHaveURL(/img=gallery/);
  const progress = page.getByTestId("studio-progress");
  await expect(progress).toContainText(/gallery average .*image \d of 8/);
  await expect(progress).toHaveAttribute("data-total", "8");
  await page.getByTestId("studio-cancel").click();
  await expect(page.getByTestId("studio-stopped")).toBeVisible();
  await expect(progress).toBeHidden();
  await expect(page.getByTestId("cost-dloga-1")).toHaveText("…"); // the second model was skipped
  await page.getByTestId("studio-rerun").click();
  await expect(progress).toContainText(/gallery average/);
  await analysed(page, 2);
  const first = await numbers(page, 2);
  expect(first["dloga-0"]).not.toBe(first["dloga-1"]);
  const domain = page.getByTestId("curves-domain");
  const shared = [await domain.getAttribute("data-ymin"), await domain.getAttribute("data-ymax")];

  // The average differs from any single image's spectra. Waited for, not read at once: until the studio has rendered
  // the new image's state the table still shows the average's numbers (a CI run read them there).
  await page.getByTestId("studio-gallery-chelsea").click();
  await expect(page).toHaveURL(/img=chelsea/);
  await expect(page.getByTestId("cost-dloga-0")).not.toHaveText(first["dloga-0"], { timeout: 120_000 });
  await analysed(page, 2);
  expect((await numbers(page, 2))["dloga-0"]).not.toBe(first["dloga-0"]);
  await page.goBack();
  await expect(page).toHaveURL(/img=gallery/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on("pageerror", (e) => errors.push(`fresh: ${e.message}`));
  await other.goto(page.url());
  await expect(other.getByTestId("studio-gallery-average")).toHaveClass(/border-indigo-600/);
  await analysed(other, 2);
  expect(await numbers(other, 2)).toEqual(first);
  const d2 = other.getByTestId("curves-domain");
  expect([await d2.getAttribute("data-ymin"), await d2.getAttribute("data-ymax")]).toEqual(shared);
  await fresh.close();

  // Latency: warm-up, then the median of N logits-only runs per model.
  await page.getByTestId("studio-runs").fill("3");
  await expect(page).toHaveURL(/n=3/);
  await page.getByTestId("studio-measure").click();
  for (const i of [0, 1]) await expect(page.getByTestId(`cost-latency-${i}`)).toHaveText(/^\d+\.\d ms ±\d+\.\d \(wasm, N=3\)$/, { timeout: 120_000 });
  expect(errors).toEqual([]);
});

test("a comparison model (ResNet-50) beside a variant: every one of its taps on the depth axis and in the CAM strip", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/studio?v=S75~m-resnet50-random&img=chelsea&cam=gradcam&be=wasm&res=64&charts=depth,cam");
  const [, resnet] = await camReadouts(page, 2);
  // maxpool + 16 bottlenecks: ResNet's first tap is a stem too, and must not hide the rest.
  expect(resnet.split("|")[2].split(" ")).toHaveLength(17);
  const depth = page.getByTestId("section-depth");
  await expect(depth.locator("[data-series]")).toHaveCount(2);
  await expect(depth.locator("[data-series]").nth(1).locator("> path")).toHaveCount(17 + 1, { timeout: 150_000 });
  await page.getByTestId("section-cam").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/studio-resnet-1440x900.png" });
  expect(errors).toEqual([]);
});
