"use client";
// /paper: the paper's Fig. 5 on the lab's models in one click. (a) Fourier analysis of ResNet-50, Swin-T and
// Next-ViT-S averaged over the gallery or the user's own images; (b) Grad-CAM of the three on the same images.
// The view is in the URL (lib/url-state/paper.ts); the computation is components/paper/paper-run.ts.
import { useEffect, useMemo, useRef, useState } from "react";
import { useQueryStates } from "nuqs";
import { CopyLink } from "@/components/studio/CopyLink";
import { Section } from "@/components/studio/Section";
import { parseManifest, type Manifest } from "@/lib/runtime/manifest";
import { FIGURE_RES, figureModels } from "@/lib/paper/models";
import type { FigureSeries } from "@/lib/paper/figure";
import { MAX_CAM_ROWS, paperParsers } from "@/lib/url-state/paper";
import { CamGrid } from "./CamGrid";
import { ModelCards } from "./ModelCards";
import { DepthPanel, StageCurves } from "./SpectraPanels";
import { usePaperFigure } from "./usePaperFigure";
import type { PaperImage } from "./paper-run";

interface GalleryItem { id: string; file: string; title: string }

export function PaperApp() {
  const [q, setQ] = useQueryStates(paperParsers, { history: "push" });
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [gallery, setGallery] = useState<GalleryItem[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const fig = usePaperFigure();

  useEffect(() => {
    fetch("/models/manifest.json").then((r) => r.json()).then((j) => setManifest(parseManifest(j)))
      .catch((e) => setLoadError(`models/manifest.json: ${e instanceof Error ? e.message : e}`));
    fetch("/gallery/gallery.json").then((r) => r.json()).then((g: { images: GalleryItem[] }) => setGallery(g.images))
      .catch(() => setLoadError("gallery/gallery.json could not be read"));
  }, []);

  const models = useMemo(() => (manifest ? figureModels(manifest, q.m) : null), [manifest, q.m]);
  const modelError = models && "error" in models ? models.error : null;
  const ready = models && !("error" in models) ? models : null;
  const count = q.src === "gallery" ? gallery.length : files.length;

  async function images(): Promise<PaperImage[]> {
    if (q.src === "files") return files.map((f) => ({ name: f.name, blob: f }));
    return Promise.all(gallery.map(async (g) => ({ name: g.title, blob: await (await fetch(`/gallery/${g.file}`)).blob() })));
  }
  async function run() {
    if (!ready || !manifest || count === 0) return;
    void setQ({ run: true });
    await fig.start(ready, await images(), q.rows, q.be, manifest);
  }

  // A shared link with run=true makes the figure again on arrival (gallery only: files do not travel in links).
  const auto = useRef(false);
  useEffect(() => {
    if (auto.current || !q.run || q.src !== "gallery" || !ready || gallery.length === 0) return;
    auto.current = true;
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.run, q.src, ready, gallery.length]);

  const series: FigureSeries[] = (ready ?? []).filter((m) => fig.spectra[m.entry.id]).map((m) => ({
    id: m.entry.id, label: `${m.label}${m.trained ? "" : " (untrained)"}`, spectra: fig.spectra[m.entry.id].spectra,
  }));
  const averaged = ready ? fig.spectra[ready[0].entry.id]?.images ?? null : null;
  const running = fig.status === "running";

  return (
    <main className="mx-auto max-w-[1400px] space-y-4 p-3 sm:p-5">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Paper Fig. 5: what convolutions, attention and Next-ViT keep</h1>
          <p className="text-xs text-slate-600">
            Fourier analysis of the output features and Grad-CAM of ResNet-50, Swin-T and Next-ViT-S on the same images, {FIGURE_RES}² input.
          </p>
        </div>
        <nav className="flex items-center gap-3 text-xs">
          <a href="/" className="text-indigo-700 underline">← lab</a>
          <a href="/studio" className="text-indigo-700 underline">studio</a>
          <CopyLink />
        </nav>
      </header>
      {loadError && <p role="alert" className="text-xs text-rose-700">{loadError}</p>}
      {modelError && <p role="alert" className="text-xs text-rose-700">{modelError}</p>}
      {ready && <ModelCards models={ready} />}

      <Section title="Images and run">
        <div className="flex flex-wrap items-center gap-4 text-xs">
          <label className="flex items-center gap-1">
            <input type="radio" name="src" checked={q.src === "gallery"} onChange={() => void setQ({ src: "gallery" })} data-testid="paper-src-gallery" />
            the gallery ({gallery.length} photos)
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="src" checked={q.src === "files"} onChange={() => void setQ({ src: "files" })} data-testid="paper-src-files" />
            your images
          </label>
          {q.src === "files" && (
            <input type="file" accept="image/*" multiple data-testid="paper-files" className="text-xs"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          )}
          <span data-testid="paper-count">{count} image{count === 1 ? "" : "s"} to average</span>
          <label className="flex items-center gap-1">Grad-CAM rows
            <select value={q.rows} onChange={(e) => void setQ({ rows: Number(e.target.value) })} data-testid="paper-rows" className="rounded border border-slate-300 bg-white px-1 py-0.5">
              {Array.from({ length: MAX_CAM_ROWS }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={q.ov} onChange={(e) => void setQ({ ov: e.target.checked })} data-testid="paper-overlay" />
            curves on one chart
          </label>
          <label className="flex items-center gap-1">backend
            <select value={q.be} onChange={(e) => void setQ({ be: e.target.value as typeof q.be })} data-testid="paper-backend" className="rounded border border-slate-300 bg-white px-1 py-0.5">
              <option value="wasm">WASM</option>
              <option value="webgpu">WebGPU</option>
            </select>
          </label>
          {running ? (
            <button type="button" onClick={fig.cancel} data-testid="paper-cancel" className="rounded border border-slate-400 px-3 py-1 font-medium">Cancel</button>
          ) : (
            <button type="button" onClick={() => void run()} disabled={!ready || count === 0} data-testid="paper-run"
              className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-40">Reproduce Fig. 5</button>
          )}
        </div>
        {q.src === "files" && q.run && files.length === 0 && (
          <p className="mt-1 text-xs text-amber-800" data-testid="paper-files-again">This link was made with the sender&apos;s own images, which never leave their browser: choose images and run.</p>
        )}
        <div className="mt-2 text-xs" data-testid="paper-status" data-status={fig.status} data-done={fig.progress?.done ?? ""} data-total={fig.progress?.total ?? ""}>
          {running && fig.progress && (
            <div className="flex items-center gap-2">
              <progress max={fig.progress.total} value={fig.progress.done} className="h-2 w-48" />
              <span>{fig.progress.label} ({fig.progress.done}/{fig.progress.total})</span>
            </div>
          )}
          {fig.status === "cancelled" && <span className="text-slate-600">Cancelled; models not finished are not drawn. Run again to complete the figure.</span>}
          {fig.status === "error" && <span role="alert" className="text-rose-700">{fig.error} Try the WASM backend or fewer images.</span>}
          {fig.status === "done" && averaged !== null && <span className="text-slate-600" data-testid="paper-averaged">Averaged over {averaged} image{averaged === 1 ? "" : "s"}.</span>}
        </div>
      </Section>

      <Section title="(a) ΔlogA of each stage's last feature map" testId="paper-section-curves">
        {series.length ? <StageCurves series={series} overlay={q.ov} /> : <p className="text-xs text-slate-500">Run the figure to draw the spectra.</p>}
      </Section>
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-2">
      <Section title="(a) High-frequency ΔlogA versus normalised depth" testId="paper-section-depth">
        {series.length ? <DepthPanel series={series} /> : <p className="text-xs text-slate-500">Run the figure to draw the depth profile.</p>}
      </Section>
      <Section title="(b) Grad-CAM of the last stage" testId="paper-section-cams">
        {ready && fig.imageNames.length > 0 && fig.cams.length > 0
          ? <CamGrid models={ready} images={fig.imageNames} cams={fig.cams} />
          : <p className="text-xs text-slate-500">Run the figure to draw the Grad-CAM grid.</p>}
      </Section>
      </div>
    </main>
  );
}
