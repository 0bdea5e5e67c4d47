// Bench section: spectra (centred mean log-amplitude map + half-diagonal ΔlogA) of every block
// output of Next-ViT-S at 224², random activations, against numpy doing the same work
// (bench/spectra.py), repetitions interleaved. Target: < 150 ms, ratio ours / numpy <= 1. Medians
// after warm-up.
// Run alone with `npx tsx bench/spectra.ts`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { halfDiagonal } from "../lib/analysis/diagonal";
import { SpectrumAccumulator } from "../lib/analysis/spectrum";
import { median } from "./stats";

/** [channels, size] of every Next-ViT-S block output (and the stem) at 224x224. */
export const NEXTVIT_S_TAPS: Array<[number, number]> = [
  [64, 56],
  ...Array<[number, number]>(3).fill([96, 56]),
  ...Array<[number, number]>(3).fill([192, 28]), [256, 28],
  ...Array<[number, number]>(8).fill([384, 14]), ...Array<[number, number]>(2).fill([512, 14]),
  ...Array<[number, number]>(2).fill([768, 7]), [1024, 7],
];

export interface SpectraBench {
  taps: number;
  firstMs: number;
  oursMs: number;
  numpyMs: number | null;
  ratio: number | null;
  targetMs: number;
  note?: string;
}

function randomTaps(seed: number): Float32Array[] {
  let s = seed >>> 0;
  return NEXTVIT_S_TAPS.map(([c, n]) => {
    const a = new Float32Array(c * n * n);
    for (let i = 0; i < a.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      a[i] = s / 2 ** 32;
    }
    return a;
  });
}

function allSpectra(taps: Float32Array[]): number {
  let check = 0;
  taps.forEach((data, i) => {
    const [c, n] = NEXTVIT_S_TAPS[i];
    const acc = new SpectrumAccumulator(n, n);
    acc.add({ data, dims: [1, c, n, n] });
    const d = halfDiagonal(acc.mean(), n, n);
    check += d.dlogA[d.dlogA.length - 1];
  });
  return check;
}

// numpy in a long-lived process that runs one repetition per request, so ours and numpy's
// repetitions alternate and see the same machine load.
function numpyPeer(): { rep: () => Promise<number>; close: () => void } {
  const script = fileURLToPath(new URL("./spectra.py", import.meta.url));
  const child = spawn("python3", [script, JSON.stringify(NEXTVIT_S_TAPS), "serve"], { stdio: ["pipe", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.on("error", (e) => reject(e));
    child.on("exit", (code) => reject(new Error(`python3 exited (${code}): ${stderr.trim().split("\n").pop() ?? ""}`)));
  });
  return {
    rep: async () => {
      child.stdin.write("go\n");
      const line = await Promise.race([lines.next(), failed]);
      if (line.done) throw new Error(`python3 closed: ${stderr.trim().split("\n").pop() ?? ""}`);
      return (JSON.parse(line.value) as { ms: number }).ms;
    },
    close: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

export async function benchSpectra(opts: { runs?: number } = {}): Promise<SpectraBench> {
  const runs = opts.runs ?? 9;
  const taps = randomTaps(1);
  let t0 = performance.now();
  allSpectra(taps);
  const firstMs = performance.now() - t0;
  for (let i = 0; i < 2; i++) allSpectra(taps);
  let peer: ReturnType<typeof numpyPeer> | null = null;
  let note: string | undefined;
  const ours: number[] = [], theirs: number[] = [];
  try {
    peer = numpyPeer();
    await peer.rep(); // warm-up: pocketfft plans, caches
  } catch (e) {
    peer?.close();
    peer = null;
    note = `numpy peer skipped: ${(e as Error).message.split("\n")[0]} (install python3-numpy)`;
  }
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    allSpectra(taps);
    ours.push(performance.now() - t0);
    if (peer) theirs.push(await peer.rep());
  }
  peer?.close();
  const oursMs = median(ours), numpyMs = theirs.length ? median(theirs) : null;
  return { taps: NEXTVIT_S_TAPS.length, firstMs, oursMs, numpyMs, ratio: numpyMs ? oursMs / numpyMs : null, targetMs: 150, note };
}

export function formatSpectraBench(r: SpectraBench): string {
  const f = (x: number | null) => (x === null ? "n/a" : x.toFixed(1));
  return [
    `spectra, all ${r.taps} taps of Next-ViT-S at 224² (median): ours ${f(r.oursMs)} ms (first run ${f(r.firstMs)} ms, target < ${r.targetMs})`,
    `  numpy ${f(r.numpyMs)} ms, ratio ours/numpy ${r.ratio === null ? "n/a" : r.ratio.toFixed(2)} (target <= 1)${r.note ? `; ${r.note}` : ""}`,
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchSpectra().then((r) => console.log(formatSpectraBench(r)));
}
