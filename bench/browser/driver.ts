// Headless Debian Chromium driven by Playwright, with the memory readings the bench reports: the JS heap
// (CDP Performance.getMetrics) and the peak resident set (VmHWM) of the tab's renderer process and of all
// renderers, read from /proc.
import { type BrowserContext, type CDPSession, type Page, chromium } from "@playwright/test";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Browser {
  page: Page;
  cdp: CDPSession;
  jsHeapMb(): Promise<number>;
  /** Peak RSS of the tab: the largest renderer's VmHWM. The bench drives one page, so the other renderers are
   *  Chromium's own (the first about:blank's, a spare for the next navigation), not the lab. */
  rendererPeakMb(): number;
  /** The same renderer's resident set now (VmRSS), for sampling over time (scripts/cold-start-timeline.ts). */
  rendererRssMb(): number;
  /** Every renderer of this browser, summed (what the tab's figure leaves out included). */
  allRenderersPeakMb(): number;
  close(): Promise<void>;
}

function rendererPids(profile: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, "utf8");
      if (cmd.includes(profile) && cmd.includes("--type=renderer")) pids.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** VmHWM (peak) or VmRSS (now) of a process, in MB; 0 once it has ended. */
function statusMb(pid: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `jsFlags`: V8 flags for diagnosis (scripts/cold-start-timeline.ts), never set by the bench itself. */
export async function launchBrowser(opts: { webgpu: boolean; jsFlags?: string }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "lab-bench-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", ...(opts.jsFlags ? [`--js-flags=${opts.jsFlags}`] : []), ...(opts.webgpu ? ["--enable-unsafe-webgpu"] : [])],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  let peak = 0;
  return {
    page,
    cdp,
    jsHeapMb: async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const used = (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 2 ** 20;
      peak = Math.max(peak, used);
      return peak;
    },
    rendererPeakMb: () => Math.max(0, ...rendererPids(profile).map((pid) => statusMb(pid))),
    rendererRssMb: () => Math.max(0, ...rendererPids(profile).map((pid) => statusMb(pid, "VmRSS"))),
    allRenderersPeakMb: () => rendererPids(profile).reduce((s, pid) => s + statusMb(pid), 0),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
