"use client";
// Runs each studio model on the chosen image in the app's worker, one at a time, and keeps the results by
// (model, input size, image) so back/forward and re-adding a variant are instant. Latency is measured on
// request: warm-up runs, then the median of N timed runs, on the backend the worker chose.
import { useCallback, useEffect, useRef, useState } from "react";
import type { LabErrorInfo } from "@/lib/runtime/errors";
import type { Manifest } from "@/lib/runtime/manifest";
import type { BackendInfo, BackendPref } from "@/lib/runtime/protocol";
import { latencyStats, type LatencyStats } from "@/lib/studio/latency";
import { refKey, studioModelEntry } from "@/lib/studio/model-entry";
import { CancelledError } from "@/lib/runtime/analysis-client";
import type { TapInput, TapSpectrum } from "@/lib/studio/spectra";
import type { ModelRef } from "@/lib/studio/variant";
import { StudioJobError, StudioRuntime } from "./studio-runtime";
import { setSpectra, singleImageSpectra, type StudioImage } from "./studio-jobs";

export type Analysis =
  | { status: "queued" | "running" }
  | { status: "done"; spectra: TapSpectrum[]; taps: TapInput[]; backend: string; images: number }
  | { status: "error"; message: string };

export interface LatencyResult extends LatencyStats {
  backend: string;
  res: number;
}

export interface StudioProgress {
  label: string;
  done: number;
  total: number;
  /** Present while the running job can be stopped (gallery average). */
  cancel?: () => void;
}

export const WARMUP_RUNS = 2;

class SkippedError extends Error {}

const messageOf = (e: unknown) =>
  e instanceof StudioJobError ? `${e.info.message} ${e.info.remedy}` : e instanceof Error ? e.message : String(e);

export function useStudioAnalysis(opts: {
  refs: ModelRef[];
  res: number;
  image: StudioImage | null;
  manifest: Manifest | null;
  pref: BackendPref;
}) {
  const { refs, res, image, manifest, pref } = opts;
  const runtime = useRef<StudioRuntime | null>(null);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [notices, setNotices] = useState<LabErrorInfo[]>([]);
  const [progress, setProgress] = useState<StudioProgress | null>(null);
  const [analyses, setAnalyses] = useState<Record<string, Analysis>>({});
  const [latency, setLatency] = useState<Record<string, LatencyResult>>({});
  const [measuring, setMeasuring] = useState(false);
  // A cancelled gallery average: nothing more is computed for this view until `rerun` (or a new view).
  const [stopped, setStopped] = useState(false);
  const [nonce, setNonce] = useState(0);
  const rerun = useCallback(() => (setStopped(false), setNonce((n) => n + 1)), []);
  // The analysis worker runs on the backend the model worker settled on, so both time and compute alike.
  const analysisBackend = pref === "auto" ? backend?.backend ?? null : pref;
  const requested = useRef(new Set<string>());
  const wanted = useRef(new Set<string>());

  useEffect(() => {
    const rt = new StudioRuntime(
      {
        backend: setBackend,
        progress: (phase, loaded, total) => setProgress({ label: phase, done: loaded, total }),
        notice: (info) => setNotices((n) => [...n.filter((x) => x.code !== info.code), info]),
      },
      pref,
    );
    runtime.current = rt;
    requested.current.clear();
    setAnalyses({});
    return () => rt.dispose();
  }, [pref]);

  const analysisKey = useCallback((ref: ModelRef) => `${refKey(ref)}@${res}|${image?.key ?? ""}`, [res, image]);

  useEffect(() => {
    const rt = runtime.current;
    wanted.current = new Set(refs.map(analysisKey));
    if (!rt || !image || !manifest || (image.set && !analysisBackend)) return;
    for (const ref of refs) {
      const key = analysisKey(ref);
      if (requested.current.has(key)) continue;
      requested.current.add(key);
      const entry = studioModelEntry(ref, manifest);
      if ("error" in entry) {
        setAnalyses((a) => ({ ...a, [key]: { status: "error", message: entry.error } }));
        continue;
      }
      setAnalyses((a) => ({ ...a, [key]: { status: "queued" } }));
      void rt
        .enqueue(async () => {
          // A view the user has already left (e.g. an intermediate slider position) is not computed.
          if (!wanted.current.has(key)) throw new SkippedError();
          setAnalyses((a) => ({ ...a, [key]: { status: "running" } }));
          if (!image.set) {
            setProgress({ label: `running ${refKey(ref)}`, done: 0, total: 0 });
            return singleImageSpectra(rt, entry, res, image.blob);
          }
          let job: number | null = null;
          const cancel = () => {
            wanted.current.clear(); // models still queued for this view are skipped
            setStopped(true);
            if (job !== null) rt.analysis.cancel(job);
          };
          const label = `gallery average ${refKey(ref)}`;
          setProgress({ label: `${label}: loading`, done: 0, total: image.set.length, cancel });
          return setSpectra(rt, entry, res, analysisBackend ?? "wasm", image.set,
            (p) => setProgress({ label: `${label}: image ${p.done} of ${p.total}`, done: p.done, total: p.total, cancel }),
            (id) => (job = id));
        })
        .then(
          (done) => setAnalyses((a) => ({ ...a, [key]: { status: "done", ...done } })),
          (e) => {
            requested.current.delete(key);
            setAnalyses((a) => {
              const { [key]: _gone, ...rest } = a;
              if (e instanceof SkippedError || e instanceof CancelledError) return rest;
              return { ...a, [key]: { status: "error", message: messageOf(e) } };
            });
          },
        )
        .finally(() => setProgress(null));
    }
  }, [refs, res, image, manifest, analysisKey, analysisBackend, nonce]);

  const latencyKey = useCallback((ref: ModelRef) => `${refKey(ref)}@${res}|${backend?.backend ?? "?"}`, [res, backend]);

  const measure = useCallback(
    async (runs: number) => {
      const rt = runtime.current;
      if (!rt || !image || !manifest || measuring) return;
      setMeasuring(true);
      const total = refs.length * (WARMUP_RUNS + runs);
      try {
        for (let i = 0; i < refs.length; i++) {
          const ref = refs[i];
          const entry = studioModelEntry(ref, manifest);
          if ("error" in entry) continue;
          const { samplesMs, backend: be } = await rt.enqueue(async () => {
            setProgress({ label: `loading ${refKey(ref)}`, done: i * (WARMUP_RUNS + runs), total });
            await rt.ensureLoaded(entry, res);
            return rt.bench(image.blob, WARMUP_RUNS, runs, (d, n) =>
              setProgress({ label: `${d <= WARMUP_RUNS ? "warm-up" : "timing"} ${refKey(ref)} (${d} of ${n})`, done: i * (WARMUP_RUNS + runs) + d, total }));
          });
          const stats = latencyStats(samplesMs);
          setLatency((l) => ({ ...l, [`${refKey(ref)}@${res}|${be}`]: { ...stats, backend: be, res } }));
        }
      } catch (e) {
        setNotices((n) => [...n, { code: "LAB207", severity: "error", message: `Latency run failed: ${messageOf(e)}`, remedy: "Try again or pick the WASM backend." }]);
      } finally {
        setMeasuring(false);
        setProgress(null);
      }
    },
    [refs, res, image, manifest, measuring],
  );

  return { backend, analysisBackend, runtime, notices, progress, stopped, rerun, analyses, analysisKey, latency, latencyKey, measure, measuring };
}
