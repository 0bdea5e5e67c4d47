"use client";
// Makes the shared analysis worker hold the model the lab shows (same entry, size and weights).
import { useEffect, useState } from "react";
import { labAnalysis, type AnalysisReady } from "@/lib/runtime/analysis-client";
import { labSource } from "@/lib/runtime/analysis-source";
import type { ModelSummary, RunResult } from "@/lib/runtime/protocol";

export type AnalysisModel =
  | { status: "loading" }
  | { status: "ready"; key: string; ready: Promise<unknown>; info: AnalysisReady } // `ready` settles at once: jobs chain on it
  | { status: "error"; message: string };

export function useLabAnalysis(summary: ModelSummary, result: RunResult): AnalysisModel {
  const [state, setState] = useState<AnalysisModel>({ status: "loading" });
  const backend = result.backend;
  useEffect(() => {
    const load = labSource().load;
    if (!load) return setState({ status: "error", message: "the lab has not loaded a model yet" });
    let live = true;
    setState({ status: "loading" });
    const ready = labAnalysis().load(summary.key, load.entry, summary.resolution, load.weights, backend);
    ready.then(
      (info) => live && setState({ status: "ready", key: summary.key, ready, info }),
      (e) => live && setState({ status: "error", message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [summary.key, summary.resolution, backend]);
  return state;
}

export async function galleryBlobs(): Promise<{ name: string; blob: Blob }[]> {
  const j = (await (await fetch("/gallery/gallery.json")).json()) as { images: { id: string; file: string }[] };
  return Promise.all(j.images.map(async (im) => ({ name: im.id, blob: await (await fetch(`/gallery/${im.file}`)).blob() })));
}
