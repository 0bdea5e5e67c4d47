// What the lab page last loaded and ran, noted by useLab so that the analysis worker can build the
// same model (including weights from a local file) and rerun the same image.
import type { ModelEntry } from "./manifest";
import type { WeightsSource } from "./protocol";

export interface LabSource {
  load: { entry: ModelEntry; resolution: number; weights: WeightsSource } | null;
  image: { blob: Blob; name: string } | null;
}

const source: LabSource = { load: null, image: null };

export function noteLabLoad(entry: ModelEntry, resolution: number, weights: WeightsSource = { kind: "manifest" }): void {
  source.load = { entry, resolution, weights };
}

export function noteLabImage(blob: Blob, name: string): void {
  source.image = { blob, name };
}

export function labSource(): Readonly<LabSource> {
  return source;
}
