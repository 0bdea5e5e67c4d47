// Checks a state dict against what the model needs, in the model's own order, so the
// error names the first tensor a user would look for.
import { numel } from "../onnx/ir";
import { CheckpointError } from "./errors";
import type { ParamSpec, StateDict } from "./types";

const OPTIONAL_SUFFIX = "num_batches_tracked";

function shapeText(dims: readonly number[]): string {
  return `[${dims.join(", ")}]`;
}

/** `finite: false` skips the NaN/Inf scan (every value read once: ~90 ms for Next-ViT-S's 31 M), for bytes whose
 *  sha256 is checked against a manifest that names files the lab's own tests load and scan. */
export function validateStateDict(sd: StateDict, spec: ParamSpec[], opts: { finite?: boolean } = {}): void {
  const expected = new Set(spec.map((p) => p.key));
  const unexpected = [...sd.keys()].filter((k) => !expected.has(k));
  for (const p of spec) {
    const t = sd.get(p.key);
    if (!t) {
      if (p.key.endsWith(OPTIONAL_SUFFIX)) continue;
      const hint = unexpected.length
        ? ` The file has ${unexpected.length} keys the model does not know (e.g. ${unexpected[0]}): it may be another key layout (official vs timm) or another model.`
        : "";
      throw new CheckpointError("LAB105", `tensor ${p.key} ${shapeText(p.shape)} is missing`, {
        tensor: p.key,
        remedy: `Check that the model configuration (preset, depths, num_classes) matches the checkpoint.${hint}`,
      });
    }
    if (t.dims.length !== p.shape.length || t.dims.some((d, i) => d !== p.shape[i])) {
      throw new CheckpointError("LAB107", `tensor ${p.key} has shape ${shapeText(t.dims)}, the model needs ${shapeText(p.shape)}`, { tensor: p.key });
    }
    if (t.data.length !== numel(t.dims)) {
      throw new CheckpointError("LAB103", `tensor ${p.key} holds ${t.data.length} values for shape ${shapeText(t.dims)}`, { tensor: p.key });
    }
    if (p.dtype && p.dtype !== t.dtype && !(p.key.endsWith(OPTIONAL_SUFFIX))) {
      throw new CheckpointError("LAB104", `tensor ${p.key} is ${t.dtype}, the model needs ${p.dtype}`, { tensor: p.key });
    }
    if (t.dtype === "float32" && opts.finite !== false) {
      const d = t.data as Float32Array;
      for (let i = 0; i < d.length; i++) {
        // x - x is 0 for every finite x and NaN for NaN and ±Inf.
        if (d[i] - d[i] !== 0) {
          throw new CheckpointError("LAB108", `tensor ${p.key} has ${d[i]} at flat index ${i}`, { tensor: p.key });
        }
      }
    }
  }
  if (unexpected.length) {
    throw new CheckpointError("LAB106", `tensor ${unexpected[0]} is not part of the model (${unexpected.length} unexpected in all)`, {
      tensor: unexpected[0],
    });
  }
}
