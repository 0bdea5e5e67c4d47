// int8 storage of trained weights (training/weights.py writes it; the Next-ViTs ship so, to keep public/models/
// under 300 MiB and the default model's download small): a safetensors file whose metadata says `quantization:
// int8-per-output-channel` holds every conv/linear weight as int8 q plus a float32 scale per output
// channel under `<key>.int8_scale`; the weight is q * scale. Dequantised here, on load, so everything
// after the loader (validation, BN folding, the graph) sees the same float32 state dict as from a
// float16 file. The product q * scale is exact in double and rounds once to float32, as PyTorch's does.
import { CheckpointError } from "./errors";
import type { StateDict } from "./types";

export const INT8_SCHEME = "int8-per-output-channel";
export const SCALE_SUFFIX = ".int8_scale";

/** `consume`: the caller hands over `sd` (a freshly decoded file): each int32 tensor's buffer is rewritten in place as
 *  its float32 weights (4 bytes an element either way), which spares Next-ViT-S's compile ~100 MB of fresh memory. */
export function dequantize(sd: StateDict, metadata: Record<string, string>, opts: { consume?: boolean } = {}): StateDict {
  const scheme = metadata.quantization;
  if (scheme === undefined) return sd;
  if (scheme !== INT8_SCHEME) {
    throw new CheckpointError("LAB104", `the file is quantized as ${JSON.stringify(scheme)}, which the lab does not read`, {
      remedy: `Save float32 or float16 weights, or int8 as training/weights.py writes it (${INT8_SCHEME}).`,
    });
  }
  const out: StateDict = new Map();
  for (const [key, t] of sd) {
    if (key.endsWith(SCALE_SUFFIX)) {
      if (!sd.has(key.slice(0, -SCALE_SUFFIX.length))) {
        throw new CheckpointError("LAB106", `${key} scales a tensor the file does not hold`, { tensor: key });
      }
      continue;
    }
    const s = sd.get(key + SCALE_SUFFIX);
    if (!s) {
      if (t.dtype === "int32" && key.endsWith(".weight")) {
        throw new CheckpointError("LAB105", `${key} is int8 but ${key}${SCALE_SUFFIX} is missing`, { tensor: key + SCALE_SUFFIX });
      }
      out.set(key, t);
      continue;
    }
    const channels = t.dims[0] ?? 0;
    if (t.dtype !== "int32" || s.dtype !== "float32" || s.dims.length !== 1 || s.dims[0] !== channels) {
      throw new CheckpointError("LAB107", `${key} (${t.dtype} [${t.dims.join(", ")}]) and its scale (${s.dtype} [${s.dims.join(", ")}]) do not fit int8 per output channel`, { tensor: key });
    }
    const q = t.data as Int32Array, scale = s.data as Float32Array;
    const per = channels ? q.length / channels : 0;
    for (let o = 0; o < channels; o++) {
      const so = scale[o];
      if (!Number.isFinite(so)) throw new CheckpointError("LAB108", `${key}${SCALE_SUFFIX}[${o}] is ${so}`, { tensor: key + SCALE_SUFFIX });
    }
    // In place, element by element: each int is read before its own slot is overwritten.
    const w = opts.consume ? new Float32Array(q.buffer, q.byteOffset, q.length) : new Float32Array(q.length);
    scaleRows(q, scale, w, channels, per);
    out.set(key, { dtype: "float32", dims: t.dims, data: w });
  }
  return out;
}

/** w[o·per + i] = q[o·per + i] · scale[o]: a function of its own, so that V8 optimises it after a few tensors instead of
 *  running the whole file's loop in the code of a function called once. */
function scaleRows(q: Int32Array, scale: Float32Array, w: Float32Array, channels: number, per: number): void {
  for (let o = 0; o < channels; o++) {
    const so = scale[o];
    for (let i = o * per, end = i + per; i < end; i++) w[i] = q[i] * so;
  }
}
