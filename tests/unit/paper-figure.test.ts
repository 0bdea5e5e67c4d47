// The /paper figure's numbers (lib/paper over the analysis worker's running image-set mean, TapSetAccumulator →
// summariseSpectra) against `npm run lab -- spectra` (bin/commands/spectra.ts) on the same activations: the
// shipped models at 160², three gallery photos, every block output of ResNet-50, Swin-T and Next-ViT-S.
// Also: which manifest entry each column takes, and the URL's row count parser.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSpectra } from "@/bin/commands/spectra";
import { blockOutputs } from "@/lib/analysis/block-outputs";
import { TapSetAccumulator } from "@/lib/analysis/image-set";
import { writeSafetensors } from "@/lib/checkpoint/safetensors";
import { decodeImageNode } from "@/lib/image/decode-node";
import { preprocess } from "@/lib/image/preprocess";
import { createSession, runSession } from "@/lib/onnx/ort-node";
import { depthCsv, stageCurvesCsv, stageEnds } from "@/lib/paper/figure";
import { FIGURE_RES, figureModels, type FigureModel } from "@/lib/paper/models";
import { compileEntry } from "@/lib/runtime/build-model";
import { parseManifest, type Manifest } from "@/lib/runtime/manifest";
import { summariseSpectra } from "@/lib/studio/spectra";
import { parseRows } from "@/lib/url-state/paper";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const PHOTOS = ["chelsea.jpg", "coffee.jpg", "rocket.jpg"];

/** [1, N, C] tokens on an h×w grid → [C, h, w] planes (the layout `lab spectra` reads). */
function nlcToChw(data: Float32Array, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(c * h * w);
  for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) out[ch * h * w + p] = data[p * c + ch];
  return out;
}

describe("/paper figure = lab spectra", () => {
  const models = figureModels(manifest) as FigureModel[];

  it("takes the trained entry of each role when there is one, else the untrained one, Next-ViT first", () => {
    expect(models.map((m) => m.role)).toEqual(["hybrid", "cnn", "transformer"]);
    for (const m of models) {
      const fits = manifest.models.filter((e) => e.family === m.entry.family && (e.family === "nextvit" ? e.size === "S" && Object.keys(e.config).length === 0 : true));
      expect(m.trained).toBe(fits.some((e) => e.weights.kind === "file" && e.trainedOn !== null));
    }
    const random: Manifest = { ...manifest, models: manifest.models.filter((e) => e.weights.kind === "random") };
    expect((figureModels(random) as FigureModel[]).every((m) => !m.trained)).toBe(true);
    // The URL can pin a role to another fitting entry (e.g. the untrained Next-ViT-S beside trained baselines).
    expect((figureModels(manifest, ["nextvit-s-random"]) as FigureModel[])[0].entry.id).toBe("nextvit-s-random");
    expect(figureModels({ ...manifest, models: manifest.models.filter((e) => e.family !== "swin") })).toEqual({ error: expect.stringMatching(/no Swin-T entry/) });
  });

  it("parses the CAM row count strictly", () => {
    expect([parseRows("1"), parseRows("8"), parseRows("0"), parseRows("9"), parseRows("2.5"), parseRows("x")]).toEqual([1, 8, null, null, null, null]);
  });

  for (const m of figureModels(manifest) as FigureModel[]) {
    it(`${m.label} (${m.entry.id}): stage-end curves and high-frequency ΔlogA within 1e-6 of lab spectra`, async () => {
      const w = m.entry.weights;
      const bytes = w.kind === "file" ? new Uint8Array(readFileSync(join("public", w.url))) : null;
      const built = compileEntry(m.entry, FIGURE_RES, bytes, w.kind === "file" ? w.url : "random");
      const session = await createSession(built.onnx);
      const blocks = blockOutputs(built.taps, (t) => t.kind);
      const acc = new TapSetAccumulator();
      const stacked = new Map<string, { dims: number[]; parts: Float32Array[] }>();
      for (const photo of PHOTOS) {
        const x = preprocess(decodeImageNode(new Uint8Array(readFileSync(join("public/gallery", photo)))), { ...m.entry.preprocess, size: FIGURE_RES });
        const out = await runSession(session, { input: { dims: [1, 3, FIGURE_RES, FIGURE_RES], data: x } });
        const taps = built.taps.map((t) => ({ info: t, o: out[t.value] ?? out[t.path] }));
        acc.add(taps.map(({ info, o }) => ({ name: info.path, kind: info.kind, map: { data: o.data, dims: o.dims, layout: info.layout, grid: info.grid } })));
        for (const { info, o } of taps) {
          if (!blocks.includes(info)) continue;
          const [c, h, wd] = info.layout === "NLC" ? [o.dims[2], info.grid![0], info.grid![1]] : [o.dims[1], o.dims[2], o.dims[3]];
          const chw = info.layout === "NLC" ? nlcToChw(o.data, c, h, wd) : o.data;
          const s = stacked.get(info.path) ?? { dims: [c, h, wd], parts: [] };
          s.parts.push(chw);
          stacked.set(info.path, s);
        }
      }
      const figure = summariseSpectra(built.taps, acc.summary());
      expect(stageEnds(figure)).toHaveLength(4);

      // The same activations, batched [N, C, H, W], through the CLI command.
      const dir = mkdtempSync(join(tmpdir(), "paper-"));
      const tensors: Record<string, { dtype: "float32"; dims: number[]; data: Float32Array }> = {};
      for (const [name, s] of stacked) {
        const data = new Float32Array(s.parts.length * s.parts[0].length);
        s.parts.forEach((p, i) => data.set(p, i * p.length));
        tensors[name] = { dtype: "float32", dims: [s.parts.length, ...s.dims], data };
      }
      writeFileSync(join(dir, "acts.safetensors"), writeSafetensors(tensors));
      runSpectra({ in: join(dir, "acts.safetensors"), out: join(dir, "spectra.json") });
      const cli = new Map((JSON.parse(readFileSync(join(dir, "spectra.json"), "utf8")).tensors as { name: string; dlogA: number[]; highFrequency: number }[]).map((t) => [t.name, t]));

      expect(figure.map((t) => t.path).sort()).toEqual([...cli.keys()].sort());
      let worst = 0;
      for (const t of figure) {
        const ref = cli.get(t.path)!;
        expect(t.dlogA).toHaveLength(ref.dlogA.length);
        t.dlogA.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - ref.dlogA[k]))));
        worst = Math.max(worst, Math.abs(t.high - ref.highFrequency));
      }
      expect(worst).toBeLessThanOrEqual(1e-6);
      // What the page exports is those numbers: one CSV row per stage-end sample, one per block output.
      const curveRows = stageCurvesCsv([{ id: m.entry.id, label: m.label, spectra: figure }]).trim().split("\n");
      expect(curveRows.length - 1).toBe(stageEnds(figure).reduce((n, t) => n + t.dlogA.length, 0));
      expect(depthCsv([{ id: m.entry.id, label: m.label, spectra: figure }]).trim().split("\n")).toHaveLength(figure.length + 1);
      await session.release();
    }, 240_000);
  }
});
