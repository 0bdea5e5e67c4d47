// Bench section: Grad-CAM at one layer of Next-ViT-S (forward + the backward graph from that
// tap to logits, one session run) against a plain forward pass, onnxruntime-node CPU, 224x224,
// medians after warm-up. Target: ratio <= 2.5 at every layer measured.
// Run alone with `npx tsx bench/gradcam.ts`.
import { randomStateDict } from "../lib/checkpoint/random";
import { encodeModel } from "../lib/onnx/encode";
import { buildGradGraph } from "../lib/onnx/grad";
import { createSession, runSession } from "../lib/onnx/ort-node";
import { buildNextViT, nextvitParamSpec, nextvitPreset } from "../lib/nextvit";
import { median } from "./stats";

export interface GradCamBench {
  forwardMs: number;
  layers: { tap: string; forwardMs: number; gradcamMs: number; ratio: number }[];
  target: number;
}

type Session = Awaited<ReturnType<typeof createSession>>;
type Feeds = Parameters<typeof runSession>[1];


async function timeRun(s: Session, feeds: Feeds): Promise<number> {
  const t0 = performance.now();
  await runSession(s, feeds);
  return performance.now() - t0;
}

/**
 * Forward and Grad-CAM runs alternate, so load from other processes on a shared machine hits
 * both alike; each ratio is of the medians of the interleaved runs.
 */
export async function benchGradCam(opts: { taps?: string[]; runs?: number; size?: number } = {}): Promise<GradCamBench> {
  const size = opts.size ?? 224, runs = opts.runs ?? 7;
  const taps = opts.taps ?? ["features.19", "features.16", "features.6", "stem"];
  const cfg = nextvitPreset("S");
  const sd = randomStateDict(nextvitParamSpec(cfg), 1);
  const input = new Float32Array(3 * size * size).map((_, i) => Math.sin(i * 0.37));
  const feeds = { input: { dims: [1, 3, size, size], data: input } };
  const forward = await createSession(encodeModel(buildNextViT(cfg, sd, { height: size, width: size, fold: true })));
  await runSession(forward, feeds);
  const fwdTimes: number[] = [];
  const layers: GradCamBench["layers"] = [];
  try {
    for (const tap of taps) {
      const fwd = buildNextViT(cfg, sd, { height: size, width: size, fold: true, taps: [tap] });
      const grad = await createSession(encodeModel(buildGradGraph(fwd, { taps: [tap], classIndex: 0 })));
      await runSession(grad, feeds);
      const f: number[] = [], g: number[] = [];
      for (let i = 0; i < runs; i++) {
        f.push(await timeRun(forward, feeds));
        g.push(await timeRun(grad, feeds));
      }
      await grad.release();
      fwdTimes.push(...f);
      layers.push({ tap, forwardMs: median(f), gradcamMs: median(g), ratio: median(g) / median(f) });
    }
  } finally {
    await forward.release();
  }
  return { forwardMs: median(fwdTimes), layers, target: 2.5 };
}

export function printGradCam(r: GradCamBench): void {
  console.log(`Grad-CAM, Next-ViT-S 224², onnxruntime-node CPU (target ≤ ${r.target}× forward)`);
  console.log(`  forward (median of all runs) ${r.forwardMs.toFixed(1).padStart(8)} ms`);
  for (const l of r.layers)
    console.log(`  grad-cam @ ${l.tap.padEnd(12)}${l.gradcamMs.toFixed(1).padStart(8)} ms vs forward ${l.forwardMs.toFixed(1).padStart(7)} ms (interleaved)  ${l.ratio.toFixed(2)}×  ${l.ratio <= r.target ? "ok" : "OVER"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchGradCam().then(printGradCam, (e) => {
    console.error(e);
    process.exit(1);
  });
}
