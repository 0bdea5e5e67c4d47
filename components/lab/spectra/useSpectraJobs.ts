"use client";
// Spectra jobs in the analysis workers: the current image by default, or an image set averaged
// live (progress, cancel); the same set through a second model when one is picked to compare.
import { useCallback, useEffect, useRef, useState } from "react";
import type { TapSpectrum } from "@/lib/analysis/profile";
import { AnalysisRuntime, CancelledError, labAnalysis } from "@/lib/runtime/analysis-client";
import type { ModelEntry } from "@/lib/runtime/manifest";
import type { Backend } from "@/lib/runtime/protocol";

export interface ImageSet {
  label: string;
  images: Blob[];
}

export interface SeriesState {
  spectra: TapSpectrum[] | null;
  done: number;
  total: number;
  ms: { forward: number; spectra: number } | null;
  status: "idle" | "running" | "done" | "cancelled" | "error";
  message?: string;
}

const idle: SeriesState = { spectra: null, done: 0, total: 0, ms: null, status: "idle" };

function useSeries(runtime: () => AnalysisRuntime | null, publish?: (s: SeriesState, input?: Float32Array) => void) {
  const [state, setState] = useState<SeriesState>(idle);
  const job = useRef<number | null>(null);
  const run = useCallback((set: ImageSet, ready: Promise<unknown>) => {
    const rt = runtime();
    if (!rt) return;
    if (job.current !== null) rt.cancel(job.current);
    job.current = null;
    setState({ ...idle, status: "running", total: set.images.length });
    ready
      .then(() => {
        const { id, done } = rt.spectra(set.images, (p) => {
          if (job.current !== id) return;
          const next: SeriesState = { spectra: p.spectra, done: p.done, total: p.total, ms: p.ms, status: p.done === p.total ? "done" : "running" };
          setState(next);
          publish?.(next, p.input);
        });
        job.current = id;
        return done;
      })
      .catch((e) => {
        if (e instanceof CancelledError) return setState((s) => ({ ...s, status: "cancelled" }));
        setState((s) => ({ ...s, status: "error", message: e instanceof Error ? e.message : String(e) }));
      });
  }, [runtime, publish]);
  const cancel = useCallback(() => {
    const rt = runtime();
    if (rt && job.current !== null) rt.cancel(job.current);
  }, [runtime]);
  return { state, run, cancel, reset: () => setState(idle) };
}

/** For the e2e tests: the numbers behind the charts of the lab's own model. */
function publish(s: SeriesState, input?: Float32Array) {
  const w = window as unknown as { __labSpectra?: { done: number; total: number; input?: number[]; taps: { name: string; dlogA: number[] }[]; ms: SeriesState["ms"] } };
  w.__labSpectra = {
    done: s.done, total: s.total, ms: s.ms,
    input: input ? Array.from(input) : w.__labSpectra?.input,
    taps: (s.spectra ?? []).map((t) => ({ name: t.name, dlogA: Array.from(t.diagonal.dlogA) })),
  };
}

export function useSpectraJobs(opts: { modelReady: Promise<unknown> | null; set: ImageSet | null; compare: ModelEntry | null; resolution: number; backend: Backend }) {
  const { modelReady, set, compare, resolution, backend } = opts;
  const primary = useSeries(useCallback(() => labAnalysis(), []), publish);
  const second = useRef<AnalysisRuntime | null>(null);
  const other = useSeries(useCallback(() => (second.current ??= new AnalysisRuntime()), []));
  const { run: runPrimary } = primary;
  const { run: runOther, reset: resetOther } = other;

  useEffect(() => {
    if (modelReady && set) runPrimary(set, modelReady);
  }, [modelReady, set, runPrimary]);

  useEffect(() => {
    if (!compare || !set) return void resetOther();
    const rt = (second.current ??= new AnalysisRuntime());
    // The manifest's weights: comparing the lab's loaded weights with the same model untrained is a use.
    runOther(set, rt.load(`${compare.id}@${resolution}`, compare, resolution, { kind: "manifest" }, backend));
  }, [compare, set, resolution, backend, runOther]);

  useEffect(() => () => {
    second.current?.dispose();
    second.current = null;
  }, []);

  const cancel = useCallback(() => {
    primary.cancel();
    other.cancel();
  }, [primary, other]);
  return { primary: primary.state, other: other.state, cancel };
}
