// The comparison's result, its table (ratios lab / peer) and its JSON file.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Machine } from "./machine";

export interface CompareResult {
  machine: Machine;
  macs: number;
  reps: number;
  buildMs: number;
  camTap: string;
  size: number;
  threads: number;
  torch?: string;
  torchBf16?: string; // the CPU's bf16 unit when the bf16-autocast row ran
  camPeer?: string; // what computed the peer's Grad-CAM
  gpu?: string | null;
  ms: Record<string, number>; // medians: node, wasm, torch, torchBf16, webgpu, analysis, analysisRun, spectra, cam, torchAnalysis
  parity: Record<string, number>;
  memoryMb: Record<string, number>;
  coldMs: Record<string, number>;
  app?: { coldMs: number; warmMs: number; inferenceMs: number; threads: string; rendererPeakMb: number; allRenderersPeakMb?: number; coldPhases?: Record<string, number> } | { skipped: string };
  notes: string[];
}

const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(d));
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || !b ? "n/a" : `${(a / b).toFixed(2)}×`);

export function formatCompare(r: CompareResult): string {
  const m = r.machine, ms = r.ms;
  const g = (t?: number) => (t ? (r.macs / 1e6 / t) : undefined); // GMAC/s from ms
  const pct = (t?: number, peak = m.peakGmacs) => (t ? `${((100 * g(t)!) / peak).toFixed(1)}%` : "n/a");
  const row = (name: string, t: number | undefined, vs: string, peak = m.peakGmacs) =>
    `  ${name.padEnd(34)}${f(t).padStart(9)} ms  ${vs.padStart(8)}  ${f(g(t), 2).padStart(7)} GMAC/s  ${pct(t, peak).padStart(6)} of peak`;
  const lines = [
    `Next-ViT-S ${r.size}² — the lab vs PyTorch ${r.torch ?? "(absent)"}, ${r.threads} threads each, median of ${r.reps} interleaved runs`,
    `  machine: ${m.model}, ${m.cores} cores, ${m.simd}; peak ${f(m.peakGmacs, 0)} GMAC/s native, ${f(m.wasmPeakGmacs, 0)} GMAC/s WASM-SIMD (${m.assumption})`,
    `  ${(r.macs / 1e9).toFixed(2)} GMAC per forward; graphs built in ${f(r.buildMs, 0)} ms`,
    `  ${"forward".padEnd(34)}${"median".padStart(12)}  ${"vs torch".padStart(8)}`,
    row("onnxruntime-node CPU", ms.node, ratio(ms.node, ms.torch)),
    row("onnxruntime-web WASM (Chromium)", ms.wasm, ratio(ms.wasm, ms.torch), m.wasmPeakGmacs),
    ...(ms.webgpu ? [row("onnxruntime-web WebGPU", ms.webgpu, ratio(ms.webgpu, ms.torch))] : []),
    row("PyTorch CPU float32", ms.torch, ms.torch ? "1.00×" : "n/a"),
    ...(ms.torchBf16 ? [row(`PyTorch CPU bf16 autocast (${r.torchBf16})`, ms.torchBf16, ratio(ms.torchBf16, ms.torch))] : []),
    `  whole analysis (forward + ${r.camTap} gradient + spectra of every tap + Grad-CAM)`,
    `  ${"browser WASM".padEnd(34)}${f(ms.analysis).padStart(9)} ms  ${ratio(ms.analysis, ms.torchAnalysis).padStart(8)}  (run ${f(ms.analysisRun)} + spectra ${f(ms.spectra)} + CAM ${f(ms.cam)} ms)`,
    `  ${"PyTorch + numpy".padEnd(34)}${f(ms.torchAnalysis).padStart(9)} ms  (Grad-CAM: ${r.camPeer ?? "n/a"})`,
    `  cold start (bench page → first analysis) ${f(r.coldMs.harness, 0)} ms (session ${f(r.coldMs.sessionCreate, 0)} ms, first analysis ${f(r.coldMs.firstAnalysis, 0)} ms)`,
    r.app && "coldMs" in r.app
      ? `  app (next start, ${r.app.threads}): page load → first result ${f(r.app.coldMs, 0)} ms; warm re-run ${f(r.app.warmMs, 0)} ms (inference ${f(r.app.inferenceMs, 0)} ms); tab peak RSS ${f(r.app.rendererPeakMb, 0)} MB${r.app.allRenderersPeakMb ? ` (all renderers ${f(r.app.allRenderersPeakMb, 0)} MB)` : ""}` +
        (r.app.coldPhases ? `\n  app cold start by phase (ms): ${Object.entries(r.app.coldPhases).map(([k, v]) => `${k} ${f(v, 0)}`).join(", ")}` : "")
      : `  app cold start ${r.app ? r.app.skipped : "not measured"}`,
    `  memory peaks: browser renderer RSS ${f(r.memoryMb.browserRendererPeakRss, 0)} MB, JS heap ${f(r.memoryMb.browserJsHeapPeak, 0)} MB; Node RSS ${f(r.memoryMb.nodeRssPeak, 0)} MB; PyTorch RSS ${f(r.memoryMb.torchPeakRss, 0)} MB`,
    `  parity (max rel): WASM vs node ${r.parity.wasmVsNode?.toExponential(1) ?? "n/a"}, ours vs PyTorch float64 ${r.parity.oursVsTorch64?.toExponential(1) ?? "n/a"}${r.parity.nodeAllVsTorch64 === undefined ? "" : ` (node's timed level-3 session: ${r.parity.nodeAllVsTorch64.toExponential(1)})`} (PyTorch float32: ${r.parity.torch32VsTorch64?.toExponential(1) ?? "n/a"}${r.parity.torchBf16VsTorch64 === undefined ? "" : `, bf16: ${r.parity.torchBf16VsTorch64.toExponential(1)}`}), CAM max |Δ| ${r.parity.camVsTorch?.toExponential(1) ?? "n/a"}`,
    ...r.notes.map((n) => `  note: ${n}`),
  ];
  return lines.join("\n");
}

export function writeCompareJson(r: CompareResult): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}latest.json`;
  const ratios = {
    wasmVsTorchForward: r.ms.wasm / r.ms.torch,
    nodeVsTorchForward: r.ms.node / r.ms.torch,
    wasmVsTorchBf16Forward: r.ms.torchBf16 ? r.ms.wasm / r.ms.torchBf16 : null,
    analysisVsTorchNumpy: r.ms.analysis / r.ms.torchAnalysis,
  };
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), ...r, ratios }, null, 2));
  return path;
}
