// This machine's FP32 peak, from /proc/cpuinfo. Assumption (stated in the table): 2 FMA units
// per core, each 8 FP32 lanes wide with AVX2 or 16 with AVX-512F, at the reported clock. AMD
// Zen 4 executes 512-bit FMAs as two 256-bit halves, so there the true peak is half this one.
// Browser WASM SIMD is 128-bit (4 lanes): its ceiling is a quarter of the AVX-512 figure.
import { cpus } from "node:os";
import { readFileSync } from "node:fs";

export interface Machine {
  model: string;
  cores: number;
  mhz: number;
  simd: "avx512f" | "avx2" | "sse";
  lanes: number;
  peakGmacs: number; // native FP32 FMA peak, all cores
  wasmPeakGmacs: number; // same with 128-bit WASM SIMD
  assumption: string;
}

export function readMachine(): Machine {
  let info = "";
  try {
    info = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    // not Linux: fall back to os.cpus()
  }
  const flags = /^flags\s*:(.*)$/m.exec(info)?.[1].split(" ") ?? [];
  const simd = flags.includes("avx512f") ? "avx512f" : flags.includes("avx2") ? "avx2" : "sse";
  const lanes = simd === "avx512f" ? 16 : simd === "avx2" ? 8 : 4;
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? cpus()[0]?.speed ?? 0);
  const cores = cpus().length;
  const model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpus()[0]?.model ?? "unknown";
  const peak = (l: number) => (cores * 2 * l * mhz) / 1000;
  return {
    model, cores, mhz, simd, lanes,
    peakGmacs: peak(lanes),
    wasmPeakGmacs: peak(4),
    assumption: `${cores} cores × 2 FMA units × ${lanes} FP32 lanes (${simd}) × ${mhz.toFixed(0)} MHz; WASM SIMD 4 lanes`,
  };
}
