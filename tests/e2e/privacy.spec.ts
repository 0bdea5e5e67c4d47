// Privacy and security on the production build: images never leave the browser (every request
// of page and worker recorded, bodies searched for the image bytes), the Content-Security-Policy
// allows what the lab needs and blocks the rest, and URL parameters cannot inject markup.
import { expect, test, type Request } from "@playwright/test";
import { readFileSync } from "node:fs";
import { foreignRequests } from "./helpers";
import { dismissAlerts, expectWorks, openLab } from "./bad-input-helpers";
import { pngOf } from "../fixtures/bad/images";

test.describe.configure({ mode: "serial" });

interface Seen {
  url: string;
  method: string;
  body: Buffer | null;
}

test("uploaded images never leave the browser: every request is same-origin GET without image bytes", async ({ page, context, baseURL }) => {
  const seen: Seen[] = [];
  const record = (r: Request) => seen.push({ url: r.url(), method: r.method(), body: r.postDataBuffer() });
  context.on("request", record);
  const sockets: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));

  await openLab(page);
  const images = [pngOf(97, 61, 6, (x, y) => (x * 31 + y * 17) % 256), readFileSync("public/gallery/chelsea.jpg")];
  await expectWorks(page, { name: "private.png", mimeType: "image/png", buffer: images[0] }, "97×61");
  await expectWorks(page, { name: "private.jpg", mimeType: "image/jpeg", buffer: images[1] });
  // Paste goes through the same path as the file chooser: a ClipboardEvent carrying a File.
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
    window.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt }));
  }, [...images[0]]);
  await expect(page.getByTestId("timings")).toContainText("image 97×61");

  const origin = new URL(baseURL!).origin;
  expect(seen.some((s) => s.url.startsWith(`${origin}/ort/`)), "the worker's own requests (ORT wasm) are recorded too").toBe(true);
  expect(foreignRequests(seen.map((s) => s.url), baseURL!)).toEqual([]);
  expect(sockets).toEqual([]);
  expect(seen.filter((s) => !["GET", "HEAD"].includes(s.method)).map((s) => `${s.method} ${s.url}`)).toEqual([]);
  // No request body carries any 64-byte window of either image.
  for (const s of seen.filter((x) => x.body && x.body.length > 0)) {
    for (const img of images) for (let at = 0; at + 64 <= img.length; at += 997) expect(s.body!.includes(img.subarray(at, at + 64))).toBe(false);
  }
  console.log(`[privacy] ${seen.length} requests, all GET/HEAD to ${origin}; ${seen.filter((s) => s.body?.length).length} with a body`);
});

test("the CSP header: only what the lab needs, on pages, scripts and the worker's files", async ({ request }) => {
  const csp = async (path: string) => (await request.get(path)).headers()["content-security-policy"] ?? "";
  const page = await csp("/");
  const dirs = Object.fromEntries(page.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(dirs["default-src"]).toEqual(["'self'"]);
  expect(dirs["script-src"]).toEqual(["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"]); // no 'unsafe-eval'
  expect(dirs["worker-src"]).toEqual(["'self'", "blob:"]);
  expect(dirs["connect-src"]).toEqual(["'self'", "https:"]);
  expect(dirs["object-src"]).toEqual(["'none'"]);
  expect(dirs["frame-ancestors"]).toEqual(["'none'"]);
  expect(await csp("/ort/ort-wasm-simd-threaded.jsep.mjs")).toBe(page);
  expect(await csp("/models/manifest.json")).toBe(page);
  console.log(`[privacy] Content-Security-Policy: ${page}`);
});

test("a full run under the CSP has no violations; eval and plain-http fetches are blocked, https weights URLs are allowed", async ({ page, context }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  let httpHit = false;
  await context.route("http://127.0.0.1:9/**", (r) => ((httpHit = true), r.abort()));
  await context.route("https://weights.example.test/**", (r) =>
    r.fulfill({ status: 200, body: "{}", headers: { "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" } }),
  );

  await openLab(page);
  await expectWorks(page, { name: "a.png", mimeType: "image/png", buffer: pngOf(64, 48, 2) }, "64×48");
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(violations).toEqual([]);

  // DevTools' own evaluate may eval; a string timer runs later as the page itself, under the CSP.
  await page.evaluate(() => setTimeout("window.__evalRan = 1" as unknown as () => void, 0));
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as { __evalRan?: number }).__evalRan)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.join())).toMatch(/script-src eval/);
  expect(await page.evaluate(() => fetch("https://weights.example.test/w.safetensors").then((r) => r.status, (e) => String(e)))).toBe(200);
  expect(await page.evaluate(() => fetch("http://127.0.0.1:9/w.safetensors").then((r) => r.status, (e) => String(e)))).toMatch(/Failed to fetch/);
  expect(httpHit, "a blocked fetch never reaches the network").toBe(false);

  // The same through "Load weights from URL": plain http elsewhere is refused with LAB206.
  await dismissAlerts(page);
  await page.getByText("Load weights").click();
  await page.getByTestId("weights-url").fill("http://127.0.0.1:9/w.safetensors");
  await page.getByRole("button", { name: "Fetch" }).click();
  await expect(page.getByTestId("alert-LAB206")).toContainText("Failed to fetch");
  expect(httpHit).toBe(false);
});

test("URL parameters cannot inject markup or script", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
  const payloads = [`<img src=x onerror="window.__pwned=1">`, `"><svg/onload=window.__pwned=2>`, `</script><script>window.__pwned=3</script>`, "javascript:alert(4)"];
  // backend=wasm keeps the run short; the lab's other parameters and unknown ones carry payloads.
  const q = new URLSearchParams({ backend: "wasm", model: payloads[0], res: "64", view: payloads[1], x: payloads[2], tap: payloads[3] });
  const path = `/?${q}#${encodeURIComponent(payloads[1])}`;

  const html = await (await request.get(path)).text();
  for (const p of payloads.slice(0, 3)) expect(html).not.toContain(p);

  await openLab(page, q.toString());
  await expectWorks(page, { name: "a.png", mimeType: "image/png", buffer: pngOf(40, 30, 2) }, "40×30");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator("img[src=x], svg[onload], script:not([src])").evaluateAll((els) => els.filter((e) => /pwned/.test(e.outerHTML)).length)).toBe(0);
  expect(dialogs).toEqual([]);
  await expect(page.getByTestId("model-select")).toHaveValue(/.+/); // an unknown model id falls back to the first model
});
