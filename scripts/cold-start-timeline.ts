// Diagnosis aid for issue 18 (not a bench section, whose figures it would only repeat): one cold start of the real
// app (production build, `next start`, WASM, fresh Chromium profile), sampling the tab renderer's resident set every
// 20 ms beside the progress text the page shows, so that a memory peak can be tied to its phase; then a second photo,
// to set the first inference against a warm one. Prints the worker's load phases and the renderer's peak.
//   npm run build && npx tsx scripts/cold-start-timeline.ts [--quiet] [--query '&x=y'] [--js-flags '--no-liftoff']
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { launchBrowser } from "../bench/browser/driver";
import { settleBrowser } from "../bench/browser/settle";

const { values: opt } = parseArgs({ options: { quiet: { type: "boolean" }, query: { type: "string" }, "js-flags": { type: "string" } } });
const ROOT = new URL("..", import.meta.url).pathname;
const PORT = 3191;
type LabWindow = { __labLastRun?: { runId: number; timings: { inference: number } }; __labLastModel?: { timings: object } };

// Detached, so that the whole group (next's wrapper and its next-server child) can be ended at once.
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], { cwd: ROOT, stdio: "ignore", detached: true });
try {
  for (let i = 0; i < 300 && !(await fetch(`http://127.0.0.1:${PORT}`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 200));
  const b = await launchBrowser({ webgpu: false, jsFlags: opt["js-flags"] });
  await settleBrowser(b.page); // as the bench does: the browser's own start-up is not the page's
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(2)} s`;
  const rows: string[] = [];
  let phase = "", lastMb = 0;
  const sampler = setInterval(() => {
    const mb = b.rendererRssMb(); // this browser's renderers only (any bench Chromium's were sampled before)
    if (Math.abs(mb - lastMb) > 8) rows.push(`${at()}  ${mb.toFixed(0)} MB  ${phase}`), (lastMb = mb);
  }, 20);
  const phases = setInterval(() => {
    b.page.evaluate(() => document.querySelector("[data-testid=progress]")?.textContent ?? "").then((s) => (phase = s.slice(0, 70)), () => {});
  }, 50);
  const lastRun = () => b.page.evaluate(() => (window as LabWindow).__labLastRun ?? null);
  await b.page.goto(`http://127.0.0.1:${PORT}/?backend=wasm${opt.query ?? ""}`);
  await b.page.locator("[data-testid=backend][data-backend=wasm]").waitFor({ timeout: 120_000 });
  await b.page.getByTestId("image-file").setInputFiles(`${ROOT}public/gallery/astronaut.jpg`);
  await b.page.waitForFunction(() => !!(window as LabWindow).__labLastRun, undefined, { timeout: 180_000 });
  const cold = at();
  rows.push(`${cold}  first result`);
  const first = (await lastRun())!;
  await new Promise((r) => setTimeout(r, 3000));
  await b.page.getByTestId("image-file").setInputFiles(`${ROOT}public/gallery/camera.jpg`);
  await b.page.waitForFunction((id) => ((window as LabWindow).__labLastRun?.runId ?? 0) > id, first.runId, { timeout: 120_000 });
  const second = (await lastRun())!;
  clearInterval(sampler);
  clearInterval(phases);
  const load = await b.page.evaluate(() => (window as LabWindow).__labLastModel?.timings ?? {});
  if (!opt.quiet) console.log(rows.join("\n"));
  const ms = (v: unknown) => `${Math.round(Number(v))} ms`;
  console.log(`cold start ${cold}; load ${Object.entries(load).map(([k, v]) => `${k} ${ms(v)}`).join(", ")}; ` +
    `first inference ${ms(first.timings.inference)}, second ${ms(second.timings.inference)}; tab peak ${b.rendererPeakMb().toFixed(0)} MB`);
  await b.close();
} finally {
  process.kill(-server.pid!, "SIGTERM");
}
