// `lab spectra --in acts.safetensors --out spectra.json`: the Fourier summary of every NCHW tensor
// in a safetensors file (half-diagonal ΔlogA, its frequencies in units of π, centred mean
// log-amplitude map, feature-map variance), in natural name order (stem, features.2, features.10).
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { depthProfile, tapSpectrum } from "../../lib/analysis";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { spectraJson } from "../../lib/analysis/export";
import { LabCliError } from "../errors";

interface Options {
  in: string;
  out: string;
  match?: string;
}

// The stem comes first (it is the shallowest tap); everything else in natural order.
const tapOrder = (a: string, b: string) =>
  Number(b === "stem") - Number(a === "stem") || a.localeCompare(b, "en", { numeric: true });

export function runSpectra(opts: Options): { written: string; tensors: string[]; skipped: string[] } {
  const inPath = resolve(opts.in);
  if (!existsSync(inPath) || !statSync(inPath).isFile()) throw new LabCliError(`--in ${opts.in}: no such file; pass a .safetensors file of NCHW activations`);
  const outDir = dirname(resolve(opts.out));
  if (!existsSync(outDir)) throw new LabCliError(`--out ${opts.out}: directory ${outDir} does not exist; create it first`);
  let filter: RegExp | undefined;
  try {
    filter = opts.match ? new RegExp(opts.match) : undefined;
  } catch {
    throw new LabCliError(`--match ${opts.match}: not a valid regular expression`);
  }
  let tensors;
  try {
    tensors = readSafetensors(new Uint8Array(readFileSync(inPath))).tensors;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new LabCliError(`--in ${opts.in}: not a readable safetensors file (${msg})`);
  }
  const names = [...tensors.keys()].sort(tapOrder);
  const skipped: string[] = [];
  const spectra = [];
  for (const name of names) {
    const t = tensors.get(name)!;
    if (filter && !filter.test(name)) continue;
    if (t.dtype !== "float32" || t.dims.length !== 4) {
      skipped.push(`${name} (${t.dtype} [${t.dims}]: not a float NCHW map)`);
      continue;
    }
    const data = t.data as Float32Array;
    const bad = data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new LabCliError(`tensor ${name} has a non-finite value at flat index ${bad}; re-export the activations`);
    spectra.push(tapSpectrum(name, { data, dims: t.dims }));
  }
  if (spectra.length === 0) {
    throw new LabCliError(`--in ${opts.in}: no float NCHW tensors${filter ? ` matching /${opts.match}/` : ""} (found: ${names.join(", ") || "none"})`);
  }
  writeFileSync(opts.out, spectraJson(spectra, depthProfile(spectra), { source: opts.in, skipped }));
  return { written: opts.out, tensors: spectra.map((s) => s.name), skipped };
}

export function register(program: Command): void {
  program
    .command("spectra")
    .description("Fourier spectra (ΔlogA half-diagonal, centred log-amplitude map, variance) of every NCHW tensor")
    .requiredOption("--in <file>", "safetensors file of NCHW activations (e.g. stem, features.N)")
    .requiredOption("--out <file>", "JSON file to write")
    .option("--match <regex>", "only tensors whose name matches")
    .action((opts: Options) => {
      const r = runSpectra(opts);
      process.stdout.write(`wrote ${r.written}: ${r.tensors.length} tensors${r.skipped.length ? `, skipped ${r.skipped.length}` : ""}\n`);
    });
}
