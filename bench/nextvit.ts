// Bench section: Next-ViT S/B/L graph build (state dict → validated, folded or not, ONNX
// bytes) and onnxruntime-node CPU latency at 224² (warm-up, then the median).
// Target: S builds from a checkpoint in under 1 s. Run alone with `npx tsx bench/nextvit.ts`.
import { randomStateDict } from "../lib/checkpoint/random";
import { type PresetName, buildNextViT, nextvitParamSpec, nextvitPreset } from "../lib/nextvit";
import { encodeModel } from "../lib/onnx/encode";
import { createSession, runSession } from "../lib/onnx/ort-node";
import { median } from "./stats";

export interface NextVitBenchRow {
  preset: PresetName;
  fold: boolean;
  buildMs: number; // graph (incl. layout check + validation) + fold
  encodeMs: number;
  mb: number;
  latencyMs?: number;
}


export async function benchNextVit(opts: { presets?: PresetName[]; runs?: number; size?: number } = {}): Promise<NextVitBenchRow[]> {
  const size = opts.size ?? 224, runs = opts.runs ?? 10;
  const rows: NextVitBenchRow[] = [];
  const input = { dims: [1, 3, size, size], data: Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i * 0.37)) };
  for (const preset of opts.presets ?? (["S", "B", "L"] as PresetName[])) {
    const cfg = nextvitPreset(preset);
    const sd = randomStateDict(nextvitParamSpec(cfg), 1);
    for (const fold of [false, true]) {
      const builds: number[] = [], encodes: number[] = [];
      let bytes: Uint8Array = new Uint8Array();
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const graph = buildNextViT(cfg, sd, { height: size, width: size, fold });
        const t1 = performance.now();
        bytes = encodeModel(graph);
        builds.push(t1 - t0);
        encodes.push(performance.now() - t1);
      }
      const row: NextVitBenchRow = { preset, fold, buildMs: median(builds), encodeMs: median(encodes), mb: bytes.length / 2 ** 20 };
      if (preset === "S" || opts.presets) {
        const s = await createSession(bytes);
        for (let i = 0; i < 2; i++) await runSession(s, { input });
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await runSession(s, { input });
          times.push(performance.now() - t);
        }
        row.latencyMs = median(times);
        await s.release();
      }
      rows.push(row);
    }
  }
  return rows;
}

export function printNextVit(rows: NextVitBenchRow[]): void {
  console.log("Next-ViT graph build + onnxruntime-node CPU latency, 224² (target: S build+encode < 1000 ms)");
  for (const r of rows) {
    const total = r.buildMs + r.encodeMs;
    const lat = r.latencyMs === undefined ? "" : `  latency ${r.latencyMs.toFixed(1).padStart(7)} ms`;
    const flag = r.preset === "S" ? (total < 1000 ? "  ok" : "  OVER") : "";
    console.log(
      `  ${r.preset} ${r.fold ? "folded  " : "unfolded"} build ${r.buildMs.toFixed(0).padStart(5)} ms + encode ${r.encodeMs.toFixed(0).padStart(4)} ms = ${total.toFixed(0).padStart(5)} ms (${r.mb.toFixed(1)} MB)${lat}${flag}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchNextVit().then(printNextVit, (e) => {
    console.error(e);
    process.exit(1);
  });
}
