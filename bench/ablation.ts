// Bench section "ablation": the README's ablation tables in one run (issue 17). For every row of
// bench/ablation-rows.ts: parameters and MACs (the compiler's counters), Imagenette top-1 from the manifest,
// the lab's latency — onnxruntime-web WASM in headless Chromium, 2 threads, 224² as the paper measures,
// logits-only graph with BN folded, the architecture with seeded random weights and 1000 classes (latency does
// not depend on the weights' values; a 10-class head would save 0.02% of the MACs) — warm-up, then the median
// of N runs with the variants alternated so a shared machine's load hits all alike; and, for trained rows, the
// stage-end high-frequency ΔlogA of their weights over the gallery at 160² (the /paper pipeline), each stage's and
// their mean.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { FIGURE_RES } from "../lib/paper/models";
import { type StageEndResult, galleryPhotos, stageEndSpectra } from "../lib/paper/stage-ends-node";
import { parseManifest } from "../lib/runtime/manifest";
import { variantConfig } from "../lib/studio/config";
import { findEntry } from "../lib/studio/weights";
import { ABLATION_ROWS, type AblationMeasured, type AblationRow, ablationFacts, failedLogPath, failedRun, formatAblation, variantKey } from "./ablation-rows";
import { openBenchPage } from "./browser/api";
import { launchBrowser } from "./browser/driver";
import { startBenchServer } from "./browser/server";
import { forwardOnlyFiles, forwardOnnx } from "./models";
import { readMachine } from "./machine";
import { median } from "./stats";

const SIZE = 224, THREADS = 2;

export async function runAblation(flags: { reps?: number }): Promise<void> {
  const reps = flags.reps ?? 7;
  const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
  const failed = (row: AblationRow) => {
    const path = failedLogPath(row);
    return path && existsSync(path) ? failedRun(path, JSON.parse(readFileSync(path, "utf8"))) : null;
  };
  const rows = ABLATION_ROWS.map((row) => ({ row, facts: ablationFacts(row, manifest, failed(row)) }));
  const variants = new Map(rows.map((r) => [variantKey(r.row.variant), r.row.variant]));
  const keys = [...variants.keys()];
  const files = forwardOnlyFiles(SIZE);
  for (const [key, v] of variants) files[`${key}.onnx`] = forwardOnnx(variantConfig(v), SIZE);
  const latency = new Map<string, number>();
  const server = await startBenchServer(files);
  const browser = await launchBrowser({ webgpu: false });
  try {
    const call = await openBenchPage(browser.page, server.url);
    const env = await call("setup", THREADS);
    if (!env.crossOriginIsolated) console.log("note: the bench page is not cross-origin isolated: WASM ran on 1 thread");
    for (const key of keys) {
      await call("load", key, "wasm", true);
      for (let i = 0; i < 2; i++) await call("forward", "wasm", key); // warm-up
    }
    const ms = new Map(keys.map((k) => [k, [] as number[]]));
    for (let i = 0; i < reps; i++) for (const key of keys) ms.get(key)!.push((await call("forward", "wasm", key)).ms);
    for (const key of keys) latency.set(key, median(ms.get(key)!));
    await call("release");
  } finally {
    await browser.close();
    await server.close();
  }
  const photos = galleryPhotos();
  const dloga = new Map<string, StageEndResult>();
  for (const { row, facts } of rows) {
    const key = variantKey(row.variant);
    if (facts.entryId === null || dloga.has(key)) continue;
    dloga.set(key, await stageEndSpectra(findEntry({ kind: "variant", variant: row.variant }, manifest)!, photos, FIGURE_RES));
  }
  const measured = rows.map((r) => {
    const key = variantKey(r.row.variant);
    const d = dloga.get(key);
    const m: AblationMeasured = { latencyMs: latency.get(key) ?? null, dlogaHigh: d?.mean ?? null, dlogaEnds: d?.ends ?? null };
    return { ...r, measured: m };
  });
  const machine = readMachine();
  console.log(`Ablations of Next-ViT-S on ${machine.model} (${machine.cores} cores), ${reps} timed runs per variant, alternated\n`);
  console.log(formatAblation(measured, { threads: THREADS, photos: photos.length, res: FIGURE_RES }));
  console.log("\nThe paper's ImageNet-1K figures for these ablations are not in any source this project can read (see the README).");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/ablation.json", JSON.stringify({ machine, reps, size: SIZE, threads: THREADS, rows: measured }, null, 2));
}
