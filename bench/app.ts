// Cold start of the real app (production build served by `next start`, COOP/COEP from
// next.config.js): page load → first result for a gallery photo on WASM, then a warm re-run.
// Builds the app first when no production build is present.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "./browser/driver";
import { settleBrowser } from "./browser/settle";

export interface AppBench {
  coldMs: number; // navigation start → first result (fresh profile: no cached graph; the browser settled first)
  warmMs: number; // second image: upload → result
  inferenceMs: number; // the worker's own inference time on the warm run
  threads: string;
  rendererPeakMb: number; // the tab's renderer (page and both workers)
  allRenderersPeakMb: number;
  built: boolean;
  /** The cold start's model load by phase (the worker's own timings: weights, compile, session, total) and the
   *  first run's inference, in ms. */
  coldPhases: Record<string, number>;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const IMAGE = `${ROOT}public/gallery/astronaut.jpg`;
const IMAGE2 = `${ROOT}public/gallery/camera.jpg`;

async function waitForServer(url: string, child: { exitCode: number | null }): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode})`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("next start did not answer within 120 s");
}

export async function benchApp(port = 3190): Promise<AppBench> {
  let built = false;
  if (!existsSync(`${ROOT}.next/BUILD_ID`)) {
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build failed");
    built = true;
  }
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  try {
    await waitForServer(url, server);
    const b = await launchBrowser({ webgpu: false });
    try {
      const page = b.page;
      const lastRun = () => page.evaluate(() => (window as unknown as { __labLastRun?: { runId: number; timings: { inference: number } } }).__labLastRun ?? null);
      await settleBrowser(page); // the browser's own start-up is not the page's (settle.ts)
      const t0 = Date.now();
      await page.goto(`${url}/?backend=wasm`);
      // Upload once the page is hydrated and the worker has picked its backend (as the e2e does).
      await page.locator("[data-testid=backend][data-backend=wasm]").waitFor({ timeout: 120_000 });
      await page.getByTestId("image-file").setInputFiles(IMAGE);
      await page.waitForFunction(() => !!(window as unknown as { __labLastRun?: object }).__labLastRun, undefined, { timeout: 180_000 }).catch(async (e) => {
        const text = await page.locator("body").innerText().catch(() => "");
        const why = text.split("\n").find((l) => /invalid|error|failed/i.test(l));
        throw why ? new Error(`the app showed "${why.trim()}" (build or public/ out of date? npm run build)`) : e;
      });
      const coldMs = Date.now() - t0;
      const first = (await lastRun())!;
      const load = await page.evaluate(() => (window as unknown as { __labLastModel?: { timings: Record<string, number> } }).__labLastModel?.timings ?? {});
      const coldPhases = { ...Object.fromEntries(Object.entries(load).map(([k, v]) => [`load.${k}`, v])), firstInference: first.timings.inference };
      const t1 = Date.now();
      await page.getByTestId("image-file").setInputFiles(IMAGE2);
      await page.waitForFunction((id) => ((window as unknown as { __labLastRun?: { runId: number } }).__labLastRun?.runId ?? 0) > id, first.runId, { timeout: 300_000 });
      const warmMs = Date.now() - t1;
      const warm = (await lastRun())!;
      // The badge's first span is the backend label ("WASM · 2 threads"); the second is the reason.
      const threads = (await page.getByTestId("backend").locator("span").first().textContent().catch(() => "")) ?? "";
      return { coldMs, warmMs, inferenceMs: warm.timings.inference, threads: threads.trim(), rendererPeakMb: b.rendererPeakMb(), allRenderersPeakMb: b.allRenderersPeakMb(), built, coldPhases };
    } finally {
      await b.close();
    }
  } finally {
    server.kill();
  }
}
