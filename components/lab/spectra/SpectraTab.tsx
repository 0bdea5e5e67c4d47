"use client";
// The Spectra tab: Fourier analysis of every tap (Park & Kim) for the current image or averaged over
// an image set, computed in the analysis worker; optionally overlaid with a second model.
import { useEffect, useState } from "react";
import type { SpectraSeries } from "@/components/spectra";
import { labSource } from "@/lib/runtime/analysis-source";
import { parseManifest, type ModelEntry } from "@/lib/runtime/manifest";
import type { LabViewProps } from "../view-types";
import { SpectraCharts } from "./SpectraCharts";
import { galleryBlobs, useLabAnalysis } from "./useLabAnalysis";
import { type ImageSet, type SeriesState, useSpectraJobs } from "./useSpectraJobs";

const btn = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50";

function Progress({ label, s }: { label: string; s: SeriesState }) {
  if (s.status === "idle") return null;
  const pct = s.total ? Math.round((100 * s.done) / s.total) : 0;
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs text-slate-600" data-testid="spectra-progress" data-done={s.done} data-total={s.total} data-status={s.status}>
      <span className="w-28 shrink-0 truncate">{label}</span>
      <progress className="h-2 w-32 shrink-0 accent-indigo-600" max={s.total || 1} value={s.done} aria-label={`${label} images done`} />
      <span className="truncate">
        {s.done}/{s.total} {s.status === "cancelled" ? "· cancelled" : s.status === "error" ? `· ${s.message}` : s.status === "running" ? `· ${pct}%` : ""}
      </span>
    </div>
  );
}

export function SpectraTab({ summary, result }: LabViewProps) {
  const model = useLabAnalysis(summary, result);
  const ready = model.status === "ready" ? model.ready : null;
  const [set, setSet] = useState<ImageSet | null>(null);
  const [models, setModels] = useState<ModelEntry[]>([]);
  const [compareId, setCompareId] = useState("");
  useEffect(() => {
    fetch("/models/manifest.json").then((r) => r.json()).then((j) => setModels(parseManifest(j).models)).catch(() => setModels([]));
  }, []);
  // A new lab image resets the view to that image.
  useEffect(() => {
    const img = labSource().image;
    if (img) setSet({ label: img.name, images: [img.blob] });
  }, [result.runId]);
  const compare = models.find((m) => m.id === compareId) ?? null;
  const jobs = useSpectraJobs({ modelReady: ready, set, compare, resolution: summary.resolution, backend: result.backend });
  const { primary, other } = jobs;
  const running = primary.status === "running" || other.status === "running";

  const mainLabel = `${summary.modelId.replace("-random", "")}${summary.untrained ? " (untrained)" : ` · ${summary.weightsName}`}`;
  const series: SpectraSeries[] = [];
  if (primary.spectra) series.push({ id: "main", label: mainLabel, taps: primary.spectra });
  if (compare && other.spectra) series.push({ id: "compare", label: compare.title, taps: other.spectra });

  const useGallery = async () => setSet({ label: "gallery average", images: (await galleryBlobs()).map((g) => g.blob) });
  const useFiles = (files: FileList | null) => files && files.length > 0 && setSet({ label: `${files.length} files average`, images: Array.from(files) });
  const useCurrent = () => {
    const img = labSource().image;
    if (img) setSet({ label: img.name, images: [img.blob] });
  };

  return (
    <div className="space-y-3" data-testid="spectra-tab">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-500">Average over:</span>
        <button type="button" className={btn} onClick={useCurrent} disabled={running}>this image</button>
        <button type="button" className={btn} onClick={() => void useGallery()} disabled={running} data-testid="spectra-gallery">gallery (8)</button>
        <label className={`${btn} cursor-pointer`}>
          files…
          <input type="file" multiple accept="image/*" className="sr-only" data-testid="spectra-files" onChange={(e) => useFiles(e.target.files)} />
        </label>
        {running && <button type="button" className={`${btn} border-rose-300 text-rose-700`} onClick={jobs.cancel} data-testid="spectra-cancel">Cancel</button>}
        <label className="ml-auto flex items-center gap-1 text-xs text-slate-600">
          compare with
          <select value={compareId} onChange={(e) => setCompareId(e.target.value)} data-testid="spectra-compare" className="max-w-[14rem] rounded border border-slate-300 bg-white px-1 py-0.5">
            <option value="">none</option>
            {models.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
          </select>
        </label>
      </div>
      <div className="flex flex-col gap-1">
        <Progress label={set?.label ?? "image"} s={primary} />
        {compare && <Progress label={compare.title} s={other} />}
      </div>
      {model.status === "error" && <p className="rounded-md bg-rose-50 p-2 text-xs text-rose-900">Analysis worker: {model.message}</p>}
      {model.status === "loading" && !primary.spectra && <p className="text-xs text-slate-500">Preparing the analysis copy of the model…</p>}
      {primary.ms && (
        <p className="text-[11px] text-slate-500" data-testid="spectra-timing">
          Last image in the analysis worker: forward {Math.round(primary.ms.forward)} ms, spectra of {primary.spectra?.length ?? 0} taps {Math.round(primary.ms.spectra)} ms.
          {model.status === "ready" && (
            <span data-testid="analysis-copy">
              {" "}Analysis copy of the model {model.info.cached ? "reused the lab's compiled graph (Cache API)" : "built"} in {Math.round(model.info.ms)} ms.
            </span>
          )}
          {summary.untrained && " Untrained weights: the curves show the architecture, not learned filters."}
        </p>
      )}
      {series.length > 0 && <SpectraCharts series={series} live={running} name={`${summary.modelId}-${(set?.label ?? "image").replace(/\W+/g, "-")}`} />}
    </div>
  );
}
