// Stage-end high-frequency ΔlogA of one manifest entry over a set of photos, in Node (onnxruntime-node): the
// same pipeline as /paper and `npm run lab -- spectra` (compiled graph with every tap → TapSetAccumulator →
// summariseSpectra → last block of each stage). Shared by scripts/docs-paper.ts (the README's /paper tables)
// and bench/ablation.ts (the ablation table's ΔlogA column), so both print the page's numbers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TapSetAccumulator } from "../analysis/image-set";
import { decodeImageNode } from "../image/decode-node";
import { preprocess } from "../image/preprocess";
import { createSession, runSession } from "../onnx/ort-node";
import { compileEntry } from "../runtime/build-model";
import type { ModelEntry } from "../runtime/manifest";
import { summariseSpectra } from "../studio/spectra";
import { stageEndHigh, stageEnds } from "./figure";

export interface StageEndResult {
  /** High-frequency ΔlogA (at π) of each stage's last feature map, stages 1…n. */
  ends: number[];
  /** Their mean (the /paper depth chart's summary). */
  mean: number;
  photos: number;
}

/** The gallery's photos (public/gallery, the pages' default image set), in gallery.json order. */
export function galleryPhotos(root = "public/gallery"): Uint8Array[] {
  const { images } = JSON.parse(readFileSync(join(root, "gallery.json"), "utf8")) as { images: { file: string }[] };
  return images.map((i) => new Uint8Array(readFileSync(join(root, i.file))));
}

/** `entry`'s weights are read from public/ (shipped files) or drawn from its seed (random entries). */
export async function stageEndSpectra(entry: ModelEntry, photos: readonly Uint8Array[], res: number, publicDir = "public"): Promise<StageEndResult> {
  const w = entry.weights;
  const bytes = w.kind === "file" ? new Uint8Array(readFileSync(join(publicDir, w.url))) : null;
  const built = compileEntry(entry, res, bytes, w.kind === "file" ? w.url : "random");
  const session = await createSession(built.onnx);
  try {
    const acc = new TapSetAccumulator();
    for (const photo of photos) {
      const x = preprocess(decodeImageNode(photo), { ...entry.preprocess, size: res });
      const out = await runSession(session, { input: { dims: [1, 3, res, res], data: x } });
      acc.add(built.taps.map((t) => {
        const o = out[t.value] ?? out[t.path];
        return { name: t.path, kind: t.kind, map: { data: o.data, dims: o.dims, layout: t.layout, grid: t.grid } };
      }));
    }
    const spectra = summariseSpectra(built.taps, acc.summary());
    return { ends: stageEnds(spectra).map((s) => s.high), mean: stageEndHigh(spectra) ?? NaN, photos: photos.length };
  } finally {
    await session.release();
  }
}
