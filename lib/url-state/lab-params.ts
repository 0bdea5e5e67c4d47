// The lab page's query string (`/?model=…&res=…&img=…&backend=…`) and the model it starts with. Pure, so that the
// page's early-weights script (lib/runtime/early-weights-boot.ts), which repeats the model choice, is tested
// against it.
import type { BackendPref } from "../runtime/protocol";

export interface LabParams {
  backend: BackendPref;
  model: string | null;
  res: number | null;
  img: string | null; // only ever compared with gallery ids, never shown
}

export function parseLabParams(search: string): LabParams {
  const q = new URLSearchParams(search);
  const b = q.get("backend");
  const r = Number(q.get("res"));
  return {
    backend: b === "wasm" || b === "webgpu" ? b : "auto",
    model: q.get("model"),
    res: Number.isInteger(r) && r >= 32 && r <= 1024 ? r : null,
    img: q.get("img"),
  };
}

/** The model the page loads first (`?model`, else the manifest's first) and its resolution (`?res`, else its own). */
export function labStartModel<M extends { id: string; preprocess: { size: number } }>(models: M[], p: LabParams): { entry: M; resolution: number } {
  const entry = models.find((x) => x.id === p.model) ?? models[0];
  return { entry, resolution: p.res ?? entry.preprocess.size };
}
