// The figure's computation as one cancellable job on one analysis worker: for each model in turn, the mean
// spectra of every block output over the image set, then exact gradients and the last stage's Grad-CAM for the
// first `rows` images (predicted class). One model in memory at a time; progress after every image.
import { blockOutputs } from "@/lib/analysis/block-outputs";
import { computeCam } from "@/lib/analysis/cam";
import { AnalysisRuntime, CancelledError } from "@/lib/runtime/analysis-client";
import { labelFor, loadLabels, softmaxTopK } from "@/lib/runtime/labels";
import type { Manifest } from "@/lib/runtime/manifest";
import type { Backend } from "@/lib/runtime/protocol";
import { FIGURE_RES, type FigureModel } from "@/lib/paper/models";
import { lastBlockPerStage, type CamCell } from "@/lib/paper/figure";
import { summariseSpectra, type TapSpectrum } from "@/lib/studio/spectra";
import { tensorToRgba } from "@/components/lab/cam/input-image";
import type { RgbaImage } from "@/components/cam/CamOverlay";

export interface PaperImage {
  name: string;
  blob: Blob;
}

export interface ModelResult {
  spectra: TapSpectrum[];
  images: number;
}

export interface PaperCam extends CamCell {
  /** What this model saw (its own resize and centre crop), to draw the map over. */
  input: RgbaImage;
  /** The map resized to the input (bilinear, as pytorch-grad-cam), for the overlay. */
  overlay: Float32Array;
  prob: number;
}

export interface PaperProgress {
  label: string;
  done: number;
  total: number;
}

export interface PaperRunEvents {
  progress(p: PaperProgress): void;
  spectra(modelId: string, r: ModelResult): void;
  cam(c: PaperCam): void;
}

export class PaperRun {
  private rt = new AnalysisRuntime();
  private job: number | null = null;
  private cancelled = false;

  constructor(private readonly events: PaperRunEvents) {}

  cancel(): void {
    this.cancelled = true;
    if (this.job !== null) this.rt.cancel(this.job);
  }

  dispose(): void {
    this.cancelled = true;
    this.rt.dispose();
  }

  async run(models: readonly FigureModel[], images: readonly PaperImage[], rows: number, backend: Backend, manifest: Manifest): Promise<void> {
    const camRows = Math.min(rows, images.length);
    const total = models.length * (images.length + camRows);
    let done = 0;
    const report = (label: string) => this.events.progress({ label, done, total });
    for (const m of models) {
      if (this.cancelled) throw new CancelledError();
      report(`${m.label}: compiling`);
      const key = `${m.entry.id}@${FIGURE_RES}|${backend}`;
      const { taps } = await this.rt.load(key, m.entry, FIGURE_RES, { kind: "manifest" }, backend);
      let last: Parameters<typeof summariseSpectra>[1] = [];
      let seen = 0;
      const job = this.rt.spectra(images.map((i) => i.blob), (p) => {
        last = p.spectra;
        seen = p.done;
        done++;
        report(`${m.label}: spectra, image ${p.done} of ${p.total}`);
      });
      this.job = job.id;
      await job.done;
      this.job = null;
      if (this.cancelled || seen !== images.length) throw new CancelledError();
      this.events.spectra(m.entry.id, { spectra: summariseSpectra(taps, last), images: seen });

      const names = (await loadLabels(manifest.labelSets[m.entry.labels]).catch(() => null))?.names ?? null;
      for (let r = 0; r < camRows; r++) {
        if (this.cancelled) throw new CancelledError();
        report(`${m.label}: Grad-CAM, image ${r + 1} of ${camRows}`);
        const g = this.rt.grad(images[r].blob, null);
        this.job = g.id;
        const res = await g.done;
        this.job = null;
        const blocks = blockOutputs(res.taps, (t) => t.info.kind).filter((t) => t.dims.length === 4);
        const lastStage = lastBlockPerStage(blocks, (t) => t.info.stage, (t) => t.info.kind).at(-1);
        if (!lastStage) throw new Error(`${m.entry.id}: the graph has no block output to explain`);
        const input = { activation: lastStage.activation, gradient: lastStage.gradient, dims: lastStage.dims };
        const native = computeCam("gradcam", input); // the map at the tap's own size: what the CSV holds
        const pre = m.entry.preprocess;
        this.events.cam({
          image: images[r].name, model: m.entry.id, tap: lastStage.info.path, classIndex: res.classIndex,
          className: labelFor(names, res.classIndex), h: native.height, w: native.width, cam: native.maps,
          overlay: computeCam("gradcam", input, FIGURE_RES, FIGURE_RES).maps,
          input: tensorToRgba(res.input, FIGURE_RES, pre.mean, pre.std), prob: softmaxTopK(res.logits, 1)[0].prob, // the class explained is the top-1 (classIndex null)
        });
        done++;
      }
    }
    report("done");
  }
}
