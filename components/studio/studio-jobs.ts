// The studio's jobs on its runtime, as plain async functions (the hooks decide when to run them):
// one image through the model worker, the gallery average through the analysis worker's image-set
// spectra, and one gradient run for the CAM strip.
import { CancelledError, type GradResult } from "@/lib/runtime/analysis-client";
import type { ModelEntry } from "@/lib/runtime/manifest";
import type { Backend } from "@/lib/runtime/protocol";
import { summariseSpectra, summariseTaps, type TapInput, type TapSpectrum } from "@/lib/studio/spectra";
import type { StudioRuntime } from "./studio-runtime";

/** The studio's image: one picture, or (gallery average) every gallery picture. */
export interface StudioImage {
  key: string;
  /** The single image, or the first of the set (latency runs time one image). */
  blob: Blob;
  set?: Blob[];
}

export interface SpectraJobResult {
  spectra: TapSpectrum[];
  taps: TapInput[];
  backend: string;
  /** Images averaged (1 for a single image). */
  images: number;
}

export interface SetProgress {
  done: number;
  total: number;
}

/** Inside a runtime job: spectra of every block output for one image (model worker). */
export async function singleImageSpectra(rt: StudioRuntime, entry: ModelEntry, res: number, blob: Blob): Promise<SpectraJobResult> {
  await rt.ensureLoaded(entry, res);
  const result = await rt.run(blob);
  const taps: TapInput[] = result.taps.map((t) => ({ info: t.info, dims: t.dims, data: t.data }));
  const spectra = summariseTaps(taps);
  const blockPaths = new Set(spectra.map((s) => s.path));
  return { spectra, taps: taps.filter((t) => blockPaths.has(t.info.path)), backend: result.backend, images: 1 };
}

/**
 * Inside a runtime job: mean spectra over an image set (analysis worker, running mean with a progress
 * report per image). `onJob` receives the worker's job id so the caller can cancel it.
 */
export async function setSpectra(
  rt: StudioRuntime, entry: ModelEntry, res: number, backend: Backend, images: Blob[],
  onProgress: (p: SetProgress) => void, onJob: (id: number) => void,
): Promise<SpectraJobResult> {
  const infos = await rt.ensureAnalysisLoaded(entry, res, backend);
  let last: Parameters<typeof summariseSpectra>[1] = [];
  let done = 0;
  const job = rt.analysis.spectra(images, (p) => {
    last = p.spectra;
    done = p.done;
    onProgress({ done: p.done, total: p.total });
  });
  onJob(job.id);
  await job.done;
  if (done !== images.length) throw new CancelledError();
  return { spectra: summariseSpectra(infos, last), taps: [], backend, images: images.length };
}

/** Inside a runtime job: activations and exact gradients of every tap for `classIndex` (null: top-1). */
export async function gradients(rt: StudioRuntime, entry: ModelEntry, res: number, backend: Backend, image: Blob, classIndex: number | null, onJob: (id: number) => void): Promise<GradResult> {
  await rt.ensureAnalysisLoaded(entry, res, backend);
  const job = rt.analysis.grad(image, classIndex);
  onJob(job.id);
  return job.done;
}
