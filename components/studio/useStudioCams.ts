"use client";
// Gradient runs for the studio's CAM strip: one analysis-worker run per (model, input size, image, class),
// queued behind the spectra jobs on the studio runtime and kept for back/forward. EigenCAM needs none.
import { useEffect, useRef, useState, type RefObject } from "react";
import { CancelledError, type GradResult } from "@/lib/runtime/analysis-client";
import type { Manifest } from "@/lib/runtime/manifest";
import type { Backend } from "@/lib/runtime/protocol";
import { studioModelEntry } from "@/lib/studio/model-entry";
import type { ModelRef } from "@/lib/studio/variant";
import { gradients, type StudioImage } from "./studio-jobs";
import type { StudioRuntime } from "./studio-runtime";

export type GradState = { status: "running" } | { status: "done"; result: GradResult } | { status: "error"; message: string };

export function useStudioCams(opts: {
  runtime: RefObject<StudioRuntime | null>;
  enabled: boolean;
  refs: ModelRef[];
  res: number;
  image: StudioImage | null;
  manifest: Manifest | null;
  backend: Backend | null;
  cls: number | null;
  analysisKey: (ref: ModelRef) => string;
  /** Changes whenever the studio starts a new runtime (backend preference). */
  resetKey: string;
}) {
  const { runtime, enabled, refs, res, image, manifest, backend, cls, analysisKey } = opts;
  const [grads, setGrads] = useState<Record<string, GradState>>({});
  const requested = useRef(new Set<string>());
  const gradKey = (ref: ModelRef) => `${analysisKey(ref)}|${backend ?? "?"}|cls=${cls ?? "top1"}`;

  // A new runtime (backend preference changed) starts with nothing computed.
  useEffect(() => {
    requested.current.clear();
    setGrads({});
  }, [opts.resetKey]);

  useEffect(() => {
    const rt = runtime.current;
    if (!enabled || !rt || !image || image.set || !manifest || !backend) return;
    for (const ref of refs) {
      const key = gradKey(ref);
      if (requested.current.has(key)) continue;
      const entry = studioModelEntry(ref, manifest);
      if ("error" in entry) continue;
      requested.current.add(key);
      setGrads((g) => ({ ...g, [key]: { status: "running" } }));
      void rt
        .enqueue(() => gradients(rt, entry, res, backend, image.blob, cls, () => {}))
        .then(
          (result) => setGrads((g) => ({ ...g, [key]: { status: "done", result } })),
          (e) => {
            requested.current.delete(key);
            const message = e instanceof CancelledError ? "cancelled" : e instanceof Error ? e.message : String(e);
            setGrads((g) => ({ ...g, [key]: { status: "error", message } }));
          },
        );
    }
    // gradKey is derived from the listed values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, refs, res, image, manifest, backend, cls, analysisKey, runtime, opts.resetKey]);

  return { grads, gradKey };
}
