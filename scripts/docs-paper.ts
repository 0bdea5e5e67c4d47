// The README's /paper table in one run: high-frequency ΔlogA at the last feature map of every stage for the
// models /paper's columns take (lib/paper/models: trained entry when the manifest has one), averaged over the
// gallery (public/gallery, the page's default image set) at 160². The same pipeline as the page and
// `npm run lab -- spectra` (compiled graph with every tap → TapSetAccumulator → summariseSpectra → stage ends;
// tests/unit/paper-figure.test.ts holds the two equal), in Node with onnxruntime-node, so no browser is needed.
//
//   npx tsx scripts/docs-paper.ts [--m <id>,<id>] [--extra <id>,<id>] [--data <zip|folder> --per-class N]
// --m pins a column to another entry, as the page's m= key; --extra adds rows for other manifest entries (the
// ablation variants, e.g. nextvit-s-r0-imagenette, which are no column of the figure); --data averages over N photos
// per class of an image set instead (Imagenette val: photos of the classes the trained models know, as a user's own
// images on the page).
import { readFileSync } from "node:fs";
import { FIGURE_RES, figureModels } from "@/lib/paper/models";
import { galleryPhotos, stageEndSpectra } from "@/lib/paper/stage-ends-node";
import { parseManifest } from "@/lib/runtime/manifest";
import { classImages } from "./class-images";

const fmt = (x: number) => x.toFixed(2).replace("-", "−");

async function main(): Promise<void> {
  const at = process.argv.indexOf("--m");
  const ids = at > 0 ? process.argv[at + 1].split(",") : [];
  const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
  const models = figureModels(manifest, ids);
  if ("error" in models) throw new Error(models.error);
  const dataAt = process.argv.indexOf("--data"), perAt = process.argv.indexOf("--per-class");
  const photos = dataAt > 0
    ? classImages(process.argv[dataAt + 1], perAt > 0 ? Number(process.argv[perAt + 1]) : 5).map((i) => i.bytes)
    : galleryPhotos();
  const setName = dataAt > 0 ? `photos of ${process.argv[dataAt + 1]}` : "gallery photos";
  const extraAt = process.argv.indexOf("--extra");
  const extras = (extraAt > 0 ? process.argv[extraAt + 1].split(",") : []).map((id) => {
    const entry = manifest.models.find((e) => e.id === id);
    if (!entry) throw new Error(`docs-paper: --extra ${id} is not in public/models/manifest.json`);
    return { entry, label: entry.title, trained: entry.weights.kind === "file" };
  });
  const rows: string[] = [];
  for (const m of [...models, ...extras]) {
    const r = await stageEndSpectra(m.entry, photos, FIGURE_RES);
    const ends = r.ends.map(fmt);
    const weights = m.trained ? `trained (${m.entry.accuracy ? `${m.entry.accuracy.top1.toFixed(1)}%` : "accuracy not measured"})` : "untrained";
    rows.push(`| ${m.label} | ${weights} | ${ends.join(" | ")} | ${fmt(r.mean)} |`);
    console.error(`docs-paper: ${m.entry.id} done (${photos.length} photos)`);
  }
  console.log(`High-frequency ΔlogA at π of each stage's last feature map, mean of ${photos.length} ${setName} at ${FIGURE_RES}²:\n`);
  console.log("| model | weights | stage 1 | stage 2 | stage 3 | stage 4 | mean |\n|---|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
}

main().catch((e) => {
  console.error(`docs-paper: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
