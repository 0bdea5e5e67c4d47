// Errors the lab shows to people, each with a code (LAB2nn) and the way out. Pure data so
// the worker can send them across postMessage and the CLI can reuse them.

export type LabErrorCode =
  | "LAB201" // no WebGPU adapter: fell back to WASM
  | "LAB202" // WebGPU device lost mid-run: reran on WASM
  | "LAB203" // out of memory
  | "LAB204" // unreadable image
  | "LAB205" // weights could not be loaded or do not fit the model
  | "LAB206" // download failed
  | "LAB207" // model build / session failure
  | "LAB208" // integrity: sha256 mismatch
  | "LAB209" // WebGPU failed (without losing the device): ran on WASM
  | "LAB210"; // the model worker crashed

export interface LabErrorInfo {
  code: LabErrorCode;
  message: string;
  remedy: string;
  // "notice": the lab recovered on its own and just says what happened
  severity: "error" | "notice";
}

export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly remedy: string;
  readonly severity: "error" | "notice";
  constructor(info: Omit<LabErrorInfo, "severity"> & { severity?: "error" | "notice" }) {
    super(info.message);
    this.name = "LabError";
    this.code = info.code;
    this.remedy = info.remedy;
    this.severity = info.severity ?? "error";
  }
  toInfo(): LabErrorInfo {
    return { code: this.code, message: this.message, remedy: this.remedy, severity: this.severity };
  }
}

export const labErrors = {
  noWebGpu: (why: string) =>
    new LabError({
      code: "LAB201",
      severity: "notice",
      message: `WebGPU is not available (${why}); running on WASM (CPU) instead.`,
      remedy: "Use a browser with WebGPU enabled (recent Chrome/Edge) for GPU speed; results are the same on WASM.",
    }),
  deviceLost: (why: string) =>
    new LabError({
      code: "LAB202",
      severity: "notice",
      message: `The WebGPU device was lost during the run (${why}); the run was repeated on WASM.`,
      remedy: "Nothing to do: WASM stays selected for this session. Reload the page to try WebGPU again.",
    }),
  webgpuFailed: (why: string) =>
    new LabError({
      code: "LAB209",
      severity: "notice",
      message: `WebGPU could not run this model (${why}); it runs on WASM (CPU) instead.`,
      remedy: "Nothing to do: results are the same on WASM. Reload the page to try WebGPU again.",
    }),
  outOfMemory: (what: string) =>
    new LabError({
      code: "LAB203",
      message: `Out of memory while ${what}.`,
      remedy: "Pick a smaller model (Next-ViT-S), switch to WASM, or close other tabs, then run again.",
    }),
  unreadableImage: (why: string) =>
    new LabError({
      code: "LAB204",
      message: `This file could not be read as an image (${why}).`,
      remedy: "Use a JPEG, PNG, WebP or GIF file; re-save it from an image editor if it is damaged.",
    }),
  badWeights: (why: string, remedy?: string) =>
    new LabError({
      code: "LAB205",
      message: `These weights could not be used: ${why}`,
      remedy: remedy ?? "Load an official Next-ViT .pth or a timm/official .safetensors for the selected model size.",
    }),
  download: (url: string, why: string) =>
    new LabError({
      code: "LAB206",
      message: `Download of ${url} failed (${why}).`,
      remedy: "Check the URL and your connection, or download the file and load it from disk.",
    }),
  session: (why: string) =>
    new LabError({
      code: "LAB207",
      message: `The model could not be prepared: ${why}`,
      remedy: "Reload the page; if it persists, switch to WASM or a smaller model.",
    }),
  workerCrash: (retried: boolean) =>
    new LabError({
      code: "LAB210",
      severity: retried ? "notice" : "error",
      message: retried
        ? "The model worker crashed; the lab restarted it and ran the image again."
        : "The model worker crashed twice on this image; it has been restarted without running it again.",
      remedy: retried
        ? "Nothing to do. If it keeps happening, switch to WASM or a smaller model."
        : "Try another image, a smaller model (Next-ViT-S) or WASM (?backend=wasm); reload the page if it persists.",
    }),
  integrity: (what: string, want: string, got: string) =>
    new LabError({
      code: "LAB208",
      message: `${what} does not match its manifest sha256 (expected ${want.slice(0, 12)}…, got ${got.slice(0, 12)}…).`,
      remedy: "The file is damaged or not the one the manifest names: download it again.",
    }),
};

// Messages of real allocation failures: V8 (ArrayBuffer, typed array, WebAssembly.Memory.grow),
// onnxruntime's C++ (std::bad_alloc, "Failed to allocate"), emscripten aborts, WebGPU.
const OOM = /out of memory|outofmemory|memory access out of bounds|array buffer allocation failed|invalid (typed array|array buffer) length|maximum memory size exceeded|could not allocate memory|cannot enlarge memory|Aborted\(OOM\)|bad_alloc|failed to allocate/i;

/** Turn anything thrown into LabErrorInfo; `during` names the step for OOM and session errors. */
export function toLabError(e: unknown, during: string): LabErrorInfo {
  if (e instanceof LabError) return e.toInfo();
  if (e && typeof e === "object" && "code" in e && "remedy" in e && typeof (e as { code: unknown }).code === "string") {
    const ce = e as { code: string; message?: string; remedy: string };
    const said = (ce.message ?? ce.code).replace(ce.remedy, "").trim(); // the remedy is shown once, below
    return labErrors.badWeights(`${said} [${ce.code}]`, ce.remedy).toInfo();
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (OOM.test(msg)) return labErrors.outOfMemory(during).toInfo();
  return labErrors.session(`${during}: ${msg}`).toInfo();
}
