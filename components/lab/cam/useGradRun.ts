"use client";
// One gradient run of the analysis worker per (image, target class): activations and exact
// gradients of every tap, for all CAM methods and layers at once.
import { useEffect, useState } from "react";
import { CancelledError, type GradResult, labAnalysis } from "@/lib/runtime/analysis-client";
import { labSource } from "@/lib/runtime/analysis-source";

export type GradState = { status: "running" } | { status: "done"; result: GradResult } | { status: "error"; message: string };

/** For the e2e tests: the gradients behind the maps (only at small input sizes, where they are small). */
function publish(r: GradResult, resolution: number) {
  (window as unknown as { __labGrad?: object }).__labGrad = {
    classIndex: r.classIndex, ms: r.ms, resolution,
    input: resolution <= 96 ? Array.from(r.input) : null,
    taps: r.taps.map((t) => ({ name: t.info.path, dims: t.dims, gradient: resolution <= 96 ? Array.from(t.gradient) : null })),
  };
}

export function useGradRun(ready: Promise<unknown> | null, runId: number, classIndex: number | null, resolution: number): GradState {
  const [state, setState] = useState<GradState>({ status: "running" });
  useEffect(() => {
    const image = labSource().image;
    if (!ready || !image) return;
    let live = true, job: number | null = null;
    setState({ status: "running" });
    ready
      .then(() => {
        const { id, done } = labAnalysis().grad(image.blob, classIndex);
        job = id;
        return done;
      })
      .then(
        (result) => {
          publish(result, resolution);
          if (live) setState({ status: "done", result });
        },
        (e) => live && !(e instanceof CancelledError) && setState({ status: "error", message: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
      if (job !== null) labAnalysis().cancel(job);
    };
  }, [ready, runId, classIndex, resolution]);
  return state;
}
