"use client";
// The lab page: model and image on the left, predictions and analysis views on the right.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { parseManifest, type Manifest } from "@/lib/runtime/manifest";
import { loadLabels } from "@/lib/runtime/labels";
import { labStartModel, parseLabParams, type LabParams } from "@/lib/url-state/lab-params";
import { Alerts } from "./Alerts";
import { Gallery } from "./Gallery";
import { ImageInput } from "./ImageInput";
import { ModelPanel } from "./ModelPanel";
import { Predictions } from "./Predictions";
import { BackendBadge, ProgressBar } from "./StatusBar";
import { InputPreview } from "./InputPreview";
import { useLab } from "./useLab";
import { LAB_VIEWS } from "./views";

export function LabApp() {
  // Read after mount: the page is prerendered, where there is no window.
  const [params, setParams] = useState<LabParams | null>(null);
  useEffect(() => setParams(parseLabParams(window.location.search)), []);
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string>("");
  const [resolution, setResolution] = useState(224);
  const [names, setNames] = useState<string[] | null>(null);
  const [view, setView] = useState(LAB_VIEWS[0].id);
  const { state, loadModel, runImage, dismiss } = useLab(params?.backend ?? null);

  useEffect(() => {
    if (!params) return;
    fetch("/models/manifest.json")
      .then((r) => r.json())
      .then((j) => {
        const m = parseManifest(j);
        const start = labStartModel(m.models, params);
        setManifest(m);
        setModelId(start.entry.id);
        setResolution(start.resolution);
      })
      .catch((e) => setFatal(e instanceof Error ? e.message : String(e)));
  }, [params]);

  const entry = useMemo(() => manifest?.models.find((m) => m.id === modelId) ?? null, [manifest, modelId]);
  useEffect(() => {
    if (entry && state.runtimeReady) loadModel(entry, resolution);
  }, [entry, resolution, loadModel, state.runtimeReady]);

  const labelSet = state.summary?.labels;
  useEffect(() => {
    if (!manifest || !labelSet || labelSet === "index") return setNames(null);
    loadLabels(manifest.labelSets[labelSet]).then((l) => setNames(l.names)).catch(() => setNames(null));
  }, [manifest, labelSet]);

  // A first visit runs a gallery photo at once (the first, or ?img=<gallery id>); ?img=none starts
  // empty. The start pick arrives asynchronously and yields to any image the user chose meanwhile.
  const chosen = useRef(false);
  const onImage = useCallback(
    (blob: Blob, name: string, auto = false) => {
      if (auto && chosen.current) return;
      chosen.current = true;
      runImage(blob, name);
    },
    [runImage],
  );
  const startImage = params && params.img !== "none" ? (params.img ?? "") : null;
  const { summary, result } = state;
  const views = LAB_VIEWS.filter((v) => !v.when || (summary !== null && v.when(summary)));
  const active = views.find((v) => v.id === view) ?? views[0];

  return (
    <div className="mx-auto max-w-[90rem] px-4 py-4 sm:px-6">
      <header className="mb-4 flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1 border-b border-slate-200 pb-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Next-ViT Lab</h1>
          <p className="text-xs text-slate-500">Next-ViT layer by layer, compiled to ONNX and run in your browser.</p>
        </div>
        <div className="flex items-center gap-3">
          <a href="/paper" className="text-xs text-indigo-700 underline" data-testid="paper-link">Paper Fig. 5 →</a>
          <a href="/studio" className="text-xs text-indigo-700 underline" data-testid="studio-link">Ablation studio →</a>
          <BackendBadge info={state.backend} />
        </div>
      </header>
      {fatal && <p className="mb-4 rounded-md bg-rose-50 p-3 text-sm text-rose-900">{fatal}</p>}

      {/* Phones: image, results, model. Desktop: model and image on the left, results on the right.
          min-w-0 on every cell: the phone column is `auto`, and a cell's nowrap line (a sha256) would widen the page. */}
      <div className="grid items-start gap-4 lg:grid-cols-[22rem_minmax(0,1fr)] lg:grid-rows-[auto_1fr]">
        <section className="order-3 min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:order-none lg:col-start-1 lg:row-start-1">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Model</h2>
          {manifest && (
            <ModelPanel
              models={manifest.models}
              modelId={modelId}
              resolution={resolution}
              summary={summary}
              busy={state.busy === "loading"}
              onModel={(id) => {
                // A model that cannot run at the current side (Swin's window) starts at its own.
                const next = manifest.models.find((m) => m.id === id);
                if (next && !next.resolutions.includes(resolution)) setResolution(next.preprocess.size);
                setModelId(id);
              }}
              onResolution={setResolution}
              onWeights={(w) => entry && loadModel(entry, resolution, w)}
            />
          )}
        </section>
        <section className="order-1 min-w-0 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:order-none lg:col-start-1 lg:row-start-2">
          <h2 className="text-sm font-semibold text-slate-700">Image</h2>
          <ImageInput onImage={onImage} />
          <Gallery onPick={onImage} active={state.imageName} start={startImage} />
        </section>

        <main className="order-2 min-w-0 space-y-4 lg:order-none lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <Alerts alerts={state.alerts} onDismiss={dismiss} />
          <ProgressBar progress={state.progress} />
          <section className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-[auto_minmax(0,1fr)]">
            <InputPreview imageUrl={state.imageUrl} input={state.preview} running={state.busy === "running"} />
            <div className="min-w-0">
              <h2 className="mb-2 text-sm font-semibold text-slate-700">Top-5 predictions</h2>
              {result && summary ? (
                <Predictions result={result} names={names} untrained={summary.untrained} labels={summary.labels} />
              ) : (
                <p className="text-sm text-slate-500">
                  {state.busy === "loading" ? "Preparing the model…" : state.busy === "running" ? "Running…" : "Choose an image to run the model."}
                </p>
              )}
              {result && (
                <p data-testid="timings" className="mt-3 text-xs text-slate-500">
                  {result.backend.toUpperCase()} · inference {Math.round(result.timings.inference)} ms · total{" "}
                  {Math.round(result.timings.total)} ms · image {result.imageSize[0]}×{result.imageSize[1]}
                </p>
              )}
            </div>
          </section>

          {result && summary && (
            <section className="rounded-xl border border-slate-200 bg-white shadow-sm">
              <nav className="flex gap-1 border-b border-slate-200 px-3 pt-2" role="tablist">
                {views.map((v) => (
                  <button
                    key={v.id}
                    role="tab"
                    type="button"
                    aria-selected={v.id === active.id}
                    onClick={() => setView(v.id)}
                    className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${v.id === active.id ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
                  >
                    {v.label}
                  </button>
                ))}
              </nav>
              <div className="p-4">
                <active.Component result={result} summary={summary} names={names} />
              </div>
            </section>
          )}
        </main>
      </div>
    </div>
  );
}
