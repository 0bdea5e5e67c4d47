"use client";
// Runs the figure on request (and on arrival when the link says run=true) and keeps what has been computed;
// the Cancel button stops the job between images. A new run discards the previous figure.
import { useCallback, useEffect, useRef, useState } from "react";
import { CancelledError } from "@/lib/runtime/analysis-client";
import type { Manifest } from "@/lib/runtime/manifest";
import type { Backend } from "@/lib/runtime/protocol";
import type { FigureModel } from "@/lib/paper/models";
import { PaperRun, type ModelResult, type PaperCam, type PaperImage, type PaperProgress } from "./paper-run";

export type RunStatus = "idle" | "running" | "done" | "cancelled" | "error";

export function usePaperFigure() {
  const [status, setStatus] = useState<RunStatus>("idle");
  const [progress, setProgress] = useState<PaperProgress | null>(null);
  const [spectra, setSpectra] = useState<Record<string, ModelResult>>({});
  const [cams, setCams] = useState<PaperCam[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [imageNames, setImageNames] = useState<string[]>([]);
  const current = useRef<PaperRun | null>(null);

  useEffect(() => () => current.current?.dispose(), []);

  const start = useCallback(async (models: FigureModel[], images: PaperImage[], rows: number, backend: Backend, manifest: Manifest) => {
    current.current?.dispose();
    const run = new PaperRun({
      progress: setProgress,
      spectra: (id, r) => setSpectra((s) => ({ ...s, [id]: r })),
      cam: (c) => setCams((cs) => [...cs, c]),
    });
    current.current = run;
    setSpectra({});
    setCams([]);
    setError(null);
    setImageNames(images.slice(0, rows).map((i) => i.name));
    setStatus("running");
    try {
      await run.run(models, images, rows, backend, manifest);
      if (current.current === run) setStatus("done");
    } catch (e) {
      if (current.current !== run) return;
      if (e instanceof CancelledError) setStatus("cancelled");
      else {
        setStatus("error");
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      if (current.current === run) setProgress(null);
    }
  }, []);

  const cancel = useCallback(() => current.current?.cancel(), []);
  return { status, progress, spectra, cams, error, imageNames, start, cancel };
}
