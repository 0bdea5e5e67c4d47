"use client";
// Lab state: one runtime (worker) per page, model loading and latest-image-wins runs.
import { useCallback, useEffect, useRef, useState } from "react";
import { noteLabImage, noteLabLoad } from "@/lib/runtime/analysis-source";
import { LabRuntime } from "@/lib/runtime/client";
import type { LabErrorInfo } from "@/lib/runtime/errors";
import type { ModelEntry } from "@/lib/runtime/manifest";
import type { BackendInfo, BackendPref, ModelSummary, RunResult, WeightsSource } from "@/lib/runtime/protocol";

export interface Progress {
  phase: string;
  loaded: number;
  total: number;
}

export interface Alert extends LabErrorInfo {
  id: number;
}

export interface LabState {
  backend: BackendInfo | null;
  summary: ModelSummary | null;
  result: RunResult | null;
  /** The crop the model sees for the current image: from the worker as soon as it is preprocessed, then the result's. */
  preview: Float32Array | null;
  progress: Progress | null;
  busy: "loading" | "running" | null;
  alerts: Alert[];
  imageUrl: string | null;
  imageName: string | null;
  runtimeReady: boolean;
}

let alertId = 0;

/** `pref` null: not known yet (before mount), no worker is started. */
export function useLab(pref: BackendPref | null) {
  const [state, setState] = useState<LabState>({
    backend: null, summary: null, result: null, preview: null, progress: null, busy: null, alerts: [], imageUrl: null, imageName: null, runtimeReady: false,
  });
  const runtime = useRef<LabRuntime | null>(null);
  const pendingImage = useRef<Blob | null>(null);
  const modelReady = useRef(false);
  const hadModel = useRef(false); // the worker holds a model (a failed load keeps the previous one)
  const runStart = useRef(0);
  const loadInFlight = useRef(false);
  // The pending image was sent right behind the load in flight: the worker decodes and preprocesses it while the
  // model is prepared and runs it as soon as the model is there, so the model event must not send it again.
  const sentWithLoad = useRef(false);

  const pushAlert = useCallback((info: LabErrorInfo) => {
    setState((s) => ({ ...s, alerts: [...s.alerts.filter((a) => a.code !== info.code || info.code === "LAB204"), { ...info, id: ++alertId }].slice(-4) }));
  }, []);

  useEffect(() => {
    if (pref === null) return;
    // StrictMode mounts effects twice in development: the cleanup terminates the first worker.
    const rt = new LabRuntime(
      {
        backend: (backend) => setState((s) => ({ ...s, backend })),
        progress: (phase, loaded, total) => {
          const log = ((window as unknown as { __labProgress?: Progress[] }).__labProgress ??= []);
          log.push({ phase, loaded, total }); // what the progress bar showed, for tests
          if (log.length > 500) log.splice(0, log.length - 500);
          setState((s) => ({ ...s, progress: { phase, loaded, total } }));
        },
        model: (summary) => {
          // Read by the bench: where a cold start's load time went (weights, compile, session).
          (window as unknown as { __labLastModel?: object }).__labLastModel = { timings: summary.timings, cached: summary.cached };
          modelReady.current = true;
          hadModel.current = true;
          loadInFlight.current = false;
          // The old result belongs to the old model: drop it, the image reruns (or already runs) on the new one.
          setState((s) => ({ ...s, summary, progress: null, result: null, busy: pendingImage.current ? "running" : null }));
          if (pendingImage.current && !sentWithLoad.current) {
            runStart.current = performance.now();
            rt.run(pendingImage.current);
          }
          sentWithLoad.current = false;
        },
        result: (result) => {
          const wall = performance.now() - runStart.current;
          // Read by the e2e tests and the bench: the numbers behind what the page shows.
          (window as unknown as { __labLastRun?: object }).__labLastRun = {
            runId: result.runId, wallMs: wall, timings: result.timings, backend: result.backend, logits: Array.from(result.logits),
          };
          setState((s) => ({ ...s, result, preview: result.input, busy: null }));
        },
        input: (_runId, preview) => setState((s) => ({ ...s, preview })),
        notice: (info) => pushAlert(info),
        error: (info, context) => {
          if (context === "run") pendingImage.current = null; // a broken image is not rerun on model change
          // A failed load leaves the worker's previous model in place: keep running images on it (an image sent
          // with the load runs on it, or on nothing, silently, when there is none).
          if (context === "load") {
            modelReady.current = hadModel.current;
            loadInFlight.current = false;
            sentWithLoad.current = false;
          }
          setState((s) => ({ ...s, busy: null, progress: context === "load" ? null : s.progress, result: context === "run" ? null : s.result, preview: context === "run" ? null : s.preview }));
          pushAlert(info);
        },
      },
      pref,
    );
    runtime.current = rt;
    setState((s) => ({ ...s, runtimeReady: true }));
    (window as unknown as { __lab?: LabRuntime }).__lab = rt;
    return () => {
      rt.dispose();
      runtime.current = null;
      modelReady.current = false;
      loadInFlight.current = false;
      sentWithLoad.current = false;
      setState((s) => ({ ...s, runtimeReady: false }));
    };
  }, [pref, pushAlert]);

  const loadModel = useCallback((entry: ModelEntry, resolution: number, weights?: WeightsSource) => {
    noteLabLoad(entry, resolution, weights); // the analysis tabs rebuild the same model
    modelReady.current = false;
    setState((s) => ({ ...s, busy: "loading", progress: { phase: "preparing", loaded: 0, total: 0 } }));
    const rt = runtime.current;
    if (!rt) return;
    rt.load(entry, resolution, weights);
    loadInFlight.current = true;
    sentWithLoad.current = pendingImage.current !== null;
    if (pendingImage.current) {
      runStart.current = performance.now();
      rt.run(pendingImage.current);
    }
  }, []);

  const runImage = useCallback((blob: Blob, name: string) => {
    noteLabImage(blob, name);
    pendingImage.current = blob;
    const url = URL.createObjectURL(blob);
    setState((s) => {
      if (s.imageUrl) URL.revokeObjectURL(s.imageUrl);
      return { ...s, imageUrl: url, imageName: name, preview: null, busy: modelReady.current ? "running" : s.busy };
    });
    if (modelReady.current || loadInFlight.current) {
      if (loadInFlight.current) sentWithLoad.current = true;
      runStart.current = performance.now();
      runtime.current?.run(blob);
    }
  }, []);

  const dismiss = useCallback((id: number) => setState((s) => ({ ...s, alerts: s.alerts.filter((a) => a.id !== id) })), []);

  return { state, loadModel, runImage, dismiss };
}
