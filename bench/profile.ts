// Bench section "profile": where onnxruntime-web's WASM time goes on Next-ViT-S at 224² (issue 18). The
// logits-only graph with BN folded (what the lab runs for a plain prediction), seeded random weights, 2 threads
// in headless Chromium; onnxruntime's own profiler, its trace read from the page's console, summed per op type
// and per node over the runs after the first.
import type { ConsoleMessage } from "@playwright/test";
import { nextvitPreset } from "../lib/nextvit";
import type { NextViTConfig } from "../lib/nextvit/config";
import { openBenchPage } from "./browser/api";
import { launchBrowser } from "./browser/driver";
import { startBenchServer } from "./browser/server";
import { forwardOnlyFiles, forwardOnnx } from "./models";
import { formatProfile, summariseTrace, traceEvents } from "./profile-trace";

export async function profileWasm(opts: { cfg?: NextViTConfig; size?: number; runs?: number; threads?: number } = {}): Promise<string> {
  const cfg = opts.cfg ?? nextvitPreset("S"), size = opts.size ?? 224, runs = opts.runs ?? 6, threads = opts.threads ?? 2;
  const server = await startBenchServer({ ...forwardOnlyFiles(size), "forward.onnx": forwardOnnx(cfg, size) });
  const browser = await launchBrowser({ webgpu: false });
  const text: string[] = [];
  const onConsole = (m: ConsoleMessage) => void text.push(m.text());
  try {
    const call = await openBenchPage(browser.page, server.url);
    await call("setup", threads);
    browser.page.on("console", onConsole);
    const wall = await call("profile", "forward", runs, true);
    await browser.page.waitForTimeout(500); // the trace's last console lines
    if (process.env.LAB_PROFILE_DUMP) (await import("node:fs")).writeFileSync(process.env.LAB_PROFILE_DUMP, text.join("\n"));
    const summary = summariseTrace(traceEvents(text.join("\n")));
    const later = wall.slice(1).sort((a, b) => a - b);
    return `${formatProfile(summary, `onnxruntime-web WASM profile, ${cfg.name} ${size}², ${threads} threads`)}\n` +
      `wall time of the profiled runs (first left out): median ${later[Math.floor(later.length / 2)]?.toFixed(1)} ms (profiling adds its own cost)`;
  } finally {
    browser.page.off("console", onConsole);
    await browser.close();
    await server.close();
  }
}
