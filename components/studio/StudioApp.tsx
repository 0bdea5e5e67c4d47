"use client";
// The ablation studio: 1–4 models side by side, every choice in the URL.
import { useEffect, useMemo, useState } from "react";
import { parseManifest, type Manifest } from "@/lib/runtime/manifest";
import { modelCost } from "@/lib/studio/cost";
import { refKey } from "@/lib/studio/model-entry";
import { scatterLayout } from "@/lib/studio/scatter";
import { meanHigh } from "@/lib/studio/spectra";
import { MAX_VARIANTS, officialVariant, variantShortLabel, type ModelRef } from "@/lib/studio/variant";
import { weightsStatus } from "@/lib/studio/weights";
import { ChannelView } from "./ChannelView";
import { CostTable, type CostRow } from "./CostTable";
import { ScatterChart } from "./charts/ScatterChart";
import { CurvesView, DepthView, GridView, type SpectraPanel } from "./SpectraViews";
import { CamSection } from "./CamSection";
import { DropNotice } from "./DropNotice";
import { ImageChooser, type GalleryItem } from "./ImageChooser";
import { LatencyControls, ProgressBar } from "./LatencyControls";
import { Section } from "./Section";
import { StudioControls } from "./StudioControls";
import { CopyLink } from "./CopyLink";
import { useStudioAnalysis, WARMUP_RUNS } from "./useStudioAnalysis";
import { useStudioCams } from "./useStudioCams";
import type { StudioImage } from "./studio-jobs";
import { useStudioUrl } from "./useStudioUrl";
import { VariantCard } from "./VariantCard";

export const COLORS = ["#4f46e5", "#059669", "#d97706", "#e11d48"];
const labelOf = (r: ModelRef) => (r.kind === "model" ? r.id : variantShortLabel(r.variant));

export function StudioApp() {
  const { state, update, dropped, dismiss } = useStudioUrl();
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [gallery, setGallery] = useState<GalleryItem[]>([]);
  const [upload, setUpload] = useState<File | null>(null);
  const [image, setImage] = useState<StudioImage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    fetch("/models/manifest.json").then((r) => r.json()).then((j) => setManifest(parseManifest(j)))
      .catch((e) => setLoadError(`models/manifest.json: ${e instanceof Error ? e.message : e}`));
    fetch("/gallery/gallery.json").then((r) => r.json()).then((g: { images: GalleryItem[] }) => setGallery(g.images))
      .catch(() => setLoadError("gallery/gallery.json could not be read"));
  }, []);

  const galleryId = state.image?.kind === "gallery" ? state.image.id : state.image === null ? gallery[0]?.id ?? null : null;
  const galleryItem = gallery.find((g) => g.id === galleryId) ?? null;
  useEffect(() => {
    let live = true;
    if (state.image?.kind === "uploaded") {
      setImage(upload ? { key: `u:${upload.name}:${upload.size}:${upload.lastModified}`, blob: upload } : null);
    } else if (state.image?.kind === "average") {
      if (gallery.length === 0) return;
      Promise.all(gallery.map((g) => fetch(`/gallery/${g.file}`).then((r) => r.blob())))
        .then((set) => live && setImage({ key: `avg:${gallery.map((g) => g.id).join(",")}`, blob: set[0], set }))
        .catch(() => live && setLoadError("a gallery image could not be read"));
    } else if (galleryItem) {
      fetch(`/gallery/${galleryItem.file}`).then((r) => r.blob()).then((blob) => live && setImage({ key: `g:${galleryItem.id}`, blob }));
    } else setImage(null);
    return () => void (live = false);
  }, [state.image, upload, galleryItem, gallery]);

  const a = useStudioAnalysis({ refs: state.models, res: state.res, image, manifest, pref: state.backend });
  const average = state.image?.kind === "average";
  const cams = useStudioCams({
    runtime: a.runtime, enabled: state.charts.includes("cam"), refs: state.models, res: state.res, image, manifest,
    backend: a.analysisBackend, cls: state.cls, analysisKey: a.analysisKey, resetKey: state.backend,
  });

  const panels: (SpectraPanel & { ref: ModelRef })[] = state.models.map((ref, i) => {
    const an = a.analyses[a.analysisKey(ref)];
    return { ref, key: `${i}:${refKey(ref)}`, label: `#${i + 1} ${labelOf(ref)}`, color: COLORS[i], spectra: an?.status === "done" ? an.spectra : null };
  });
  const done = panels.filter((p) => p.spectra);
  const layers = useMemo(() => [...new Set(done.flatMap((p) => p.spectra!.map((s) => s.path)))], [done]);
  const rows: CostRow[] = panels.map((p) => ({
    key: p.key, label: p.label, color: p.color, cost: modelCost(p.ref, state.res), weights: weightsStatus(p.ref, manifest),
    latency: a.latency[a.latencyKey(p.ref)] ?? null, meanHigh: p.spectra ? meanHigh(p.spectra) : null,
  }));
  const scatter = scatterLayout(rows.map((r) => ({ key: r.key, label: r.label, latencyMs: r.latency?.medianMs ?? null, accuracy: r.weights.imagenetteTop1 })));
  const setModel = (i: number, r: ModelRef) => update({ models: state.models.map((m, j) => (j === i ? r : m)) });
  const show = (c: (typeof state.charts)[number]) => state.charts.includes(c);

  return (
    <main className="mx-auto max-w-[1400px] space-y-4 p-3 sm:p-5">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Ablation studio</h1>
          <p className="text-xs text-slate-600">Shrink ratio r and hybrid strategy side by side; every choice is in the link.</p>
        </div>
        <div className="flex items-center gap-2">
          <a href="/" className="text-xs text-indigo-700 underline">← lab</a>
          <CopyLink />
        </div>
      </header>
      <DropNotice dropped={dropped} onDismiss={dismiss} />
      {loadError && <p role="alert" className="text-xs text-rose-700">{loadError}</p>}
      {a.notices.map((n) => <p key={n.code} className="text-xs text-amber-800">{n.code}: {n.message} {n.remedy}</p>)}

      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {state.models.map((ref, i) => (
          <VariantSlot key={i} i={i} ref_={ref} state={state} manifest={manifest} canRemove={state.models.length > 1}
            onChange={(r) => setModel(i, r)} onRemove={() => update({ models: state.models.filter((_, j) => j !== i) })} status={a.analyses[a.analysisKey(ref)]?.status} />
        ))}
        {state.models.length < MAX_VARIANTS && (
          <button type="button" data-testid="add-variant" onClick={() => update({ models: [...state.models, { kind: "variant", variant: officialVariant("S") }] })}
            className="min-h-24 rounded-lg border-2 border-dashed border-slate-300 text-sm text-slate-500 hover:border-slate-400">+ add a variant</button>
        )}
      </div>

      <Section title="Image and view">
        <ImageChooser gallery={gallery} source={state.image} activeId={galleryId} hasUpload={!!upload} uploadName={upload?.name ?? null}
          onGallery={(id) => update({ image: { kind: "gallery", id } })} onAverage={() => update({ image: { kind: "average" } })} onUpload={(f) => { setUpload(f); update({ image: { kind: "uploaded" } }); }} />
        <div className="mt-2"><StudioControls state={state} layers={layers} update={update} /></div>
        <div className="mt-2"><ProgressBar progress={a.progress} /></div>
        {a.stopped && (
          <p className="mt-1 text-xs text-slate-600" data-testid="studio-stopped">
            Gallery average cancelled; models not finished show no spectra.{" "}
            <button type="button" onClick={a.rerun} data-testid="studio-rerun" className="text-indigo-700 underline">Run it again</button>
          </p>
        )}
      </Section>

      {show("curves") && <Section title="ΔlogA along the half-diagonal" testId="section-curves"><CurvesView panels={panels} overlay={state.overlay} /></Section>}
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-2">
      {show("depth") && <Section title="High-frequency ΔlogA versus depth (shared axes)" testId="section-depth"><DepthView panels={panels} /></Section>}
      {show("grid") && (
        <Section title="2-D spectra (stage ends and the selected layer)" testId="section-grid">
          <GridView panels={panels} layer={state.layer} />
          {state.layer && (
            <div className="mt-3"><h3 className="mb-1 text-xs font-medium">{state.layer}, channel {state.channel ?? 0}</h3>
              <ChannelView layer={state.layer} channel={state.channel ?? 0} items={panels.map((p) => {
                const an = a.analyses[a.analysisKey(p.ref)];
                return { key: p.key, label: p.label, color: p.color, tap: an?.status === "done" ? an.taps.find((t) => t.info.path === state.layer) ?? null : null };
              })} /></div>
          )}
        </Section>
      )}
      </div>
      {show("cam") && (
        <Section title="CAM strip" testId="section-cam">
          <CamSection state={state} update={update} average={average}
            items={panels.map((p) => ({ key: p.key, label: p.label, color: p.color, grad: cams.grads[cams.gradKey(p.ref)] }))} />
        </Section>
      )}
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-2">
      {(show("cost") || show("latency")) && (
        <Section title="Parameters, MACs, accuracy and latency" testId="section-cost">
          {show("latency") && <div className="mb-2 space-y-2"><LatencyControls state={state} update={update} backend={a.backend} measuring={a.measuring} canMeasure={!!image && !!manifest} onMeasure={() => void a.measure(state.runs)} /></div>}
          <CostTable rows={rows} res={state.res} />
          <p className="mt-1 text-[11px] text-slate-500">Latency: session runs in the model worker fetching only the logits (no taps read back), after {WARMUP_RUNS} warm-up runs; {state.res}² input, on this device.</p>
        </Section>
      )}
      {show("scatter") && <Section title="Latency versus accuracy (paper Fig. 1 style)" testId="section-scatter"><ScatterChart layout={scatter} colors={Object.fromEntries(rows.map((r) => [r.key, r.color]))} scale={state.scale} /></Section>}
      </div>
    </main>
  );
}

function VariantSlot({ i, ref_, state, manifest, canRemove, onChange, onRemove, status }: {
  i: number; ref_: ModelRef; state: { res: number }; manifest: Manifest | null; canRemove: boolean;
  onChange: (r: ModelRef) => void; onRemove: () => void; status?: string;
}) {
  const cost = useMemo(() => modelCost(ref_, state.res), [ref_, state.res]);
  return (
    <div className="relative">
      <VariantCard index={i} ref_={ref_} color={COLORS[i]} cost={cost} weights={weightsStatus(ref_, manifest)} res={state.res}
        canRemove={canRemove} onChange={onChange} onRemove={onRemove} />
      {status && status !== "done" && (
        <span className="absolute right-14 top-3 text-[10px] text-slate-500" data-testid={`variant-${i}-status`}>{status}</span>
      )}
    </div>
  );
}
