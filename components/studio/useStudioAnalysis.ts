"use client";
// Runs each studio model on the chosen image in the app's worker, one at a time, and keeps the results by
// (model, input size, image) so back/forward and re-adding a variant are instant. Latency is measured on
// request: warm-up runs, then the median of N timed runs, on the backend the worker chose.
import { useCallback, useEffect, useRef, useState } from "react";
import type { LabErrorInfo } from "@/lib/runtime/errors";
import type { Manifest } from "@/lib/runtime/manifest";
import type { BackendInfo, BackendPref } from "@/lib/runtime/protocol";
import { measureLatency, type LatencyStats } from "@/lib/studio/latency";
import { refKey, studioModelEntry } from "@/lib/studio/model-entry";
import { summariseTaps, type TapInput, type TapSpectrum } from "@/lib/studio/spectra";
import type { ModelRef } from "@/lib/studio/variant";
import { StudioJobError, StudioRuntime } from "./studio-runtime";

export type Analysis =
  | { status: "queued" | "running" }
  | { status: "done"; spectra: TapSpectrum[]; taps: TapInput[]; inferenceMs: number; backend: string }
  | { status: "error"; message: string };

export interface LatencyResult extends LatencyStats {
  backend: string;
  res: number;
}

export interface StudioProgress {
  label: string;
  done: number;
  total: number;
}

export const WARMUP_RUNS = 2;

class SkippedError extends Error {}

const messageOf = (e: unknown) =>
  e instanceof StudioJobError ? `${e.info.message} ${e.info.remedy}` : e instanceof Error ? e.message : String(e);

export function useStudioAnalysis(opts: {
  refs: ModelRef[];
  res: number;
  image: { key: string; blob: Blob } | null;
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
    if (!rt || !image || !manifest) return;
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
          await rt.ensureLoaded(entry, res);
          setProgress({ label: `running ${refKey(ref)}`, done: 0, total: 0 });
          const result = await rt.run(image.blob);
          const taps: TapInput[] = result.taps.map((t) => ({ info: t.info, dims: t.dims, data: t.data }));
          const spectra = summariseTaps(taps);
          const blockPaths = new Set(spectra.map((s) => s.path));
          return { spectra, taps: taps.filter((t) => blockPaths.has(t.info.path)), inferenceMs: result.timings.inference, backend: result.backend };
        })
        .then(
          (done) => setAnalyses((a) => ({ ...a, [key]: { status: "done", ...done } })),
          (e) => {
            requested.current.delete(key);
            setAnalyses((a) => {
              const { [key]: _gone, ...rest } = a;
              return e instanceof SkippedError ? rest : { ...a, [key]: { status: "error", message: messageOf(e) } };
            });
          },
        )
        .finally(() => setProgress(null));
    }
  }, [refs, res, image, manifest, analysisKey]);

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
          let be = "";
          const stats = await rt.enqueue(async () => {
            setProgress({ label: `loading ${refKey(ref)}`, done: i * (WARMUP_RUNS + runs), total });
            await rt.ensureLoaded(entry, res);
            return measureLatency(
              async () => {
                const r = await rt.run(image.blob);
                be = r.backend;
                return r.timings.inference;
              },
              {
                warmup: WARMUP_RUNS,
                runs,
                onProgress: (d, _n, phase) =>
                  setProgress({ label: `${phase === "warmup" ? "warm-up" : "timing"} ${refKey(ref)}`, done: i * (WARMUP_RUNS + runs) + d, total }),
              },
            );
          });
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

  return { backend, notices, progress, analyses, analysisKey, latency, latencyKey, measure, measuring };
}
