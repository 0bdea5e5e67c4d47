// Evaluation preprocessing shared by the browser worker and the CLI, so both feed the
// model identical tensors: resize the short side to floor(S / crop_pct) with an
// antialiased bicubic filter (PIL's convolution: support widens with the downscale
// factor, a = -0.5), centre-crop S x S, scale to [0,1], normalise by mean/std, NCHW.
// Unlike PIL we keep the intermediate pass in float instead of rounding to uint8,
// as torchvision does for float tensors with antialias=True.

export interface RgbImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4; // grey, RGB, RGBA (alpha ignored)
  data: Uint8Array | Uint8ClampedArray;
}

export interface PreprocessConfig {
  size: number; // S: square crop fed to the model
  cropPct: number; // e.g. 0.875 (official Next-ViT eval) or 0.95 (timm)
  mean: [number, number, number];
  std: [number, number, number];
}

export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

// Keys's cubic convolution kernel; PIL uses a = -0.5.
export function bicubic(x: number, a = -0.5): number {
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

export interface ResampleTaps {
  start: Int32Array; // first source index per output pixel
  count: Int32Array;
  weights: Float64Array; // `maxTaps` weights per output pixel, normalised to sum 1
  maxTaps: number;
}

// Per-output-pixel source ranges and weights for one axis (PIL's precompute_coeffs).
export function resampleTaps(inSize: number, outSize: number): ResampleTaps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1); // widen the kernel when shrinking: antialias
  const support = 2 * filterScale;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(center + support + 0.5));
    let sum = 0;
    for (let j = lo; j < hi; j++) {
      const w = bicubic((j - center + 0.5) / filterScale);
      weights[i * maxTaps + (j - lo)] = w;
      sum += w;
    }
    if (sum !== 0) for (let j = 0; j < hi - lo; j++) weights[i * maxTaps + j] /= sum;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, maxTaps };
}

// torchvision Resize(int): short side -> `short`, long side scaled and truncated.
export function resizedSize(width: number, height: number, short: number): [number, number] {
  if (width <= height) return [short, Math.trunc((short * height) / width)];
  return [Math.trunc((short * width) / height), short];
}

// Python's round(): halves go to the even neighbour (torchvision's centre crop uses it).
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Planar float RGB in [0,255] from interleaved pixels (grey is repeated). */
export function toPlanarRgb(img: RgbImage): Float32Array {
  const { width: w, height: h, channels: c, data } = img;
  if (data.length < w * h * c) throw new Error(`image data has ${data.length} bytes, expected ${w * h * c}`);
  const n = w * h;
  const out = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < 3; k++) out[k * n + p] = data[p * c + (c === 1 ? 0 : k)];
  }
  return out;
}

/** Separable antialiased bicubic resize of planar float channels. */
export function resizePlanar(src: Float32Array, channels: number, w: number, h: number, ow: number, oh: number): Float32Array {
  const tx = resampleTaps(w, ow);
  const ty = resampleTaps(h, oh);
  const mid = new Float32Array(channels * h * ow);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h; y++) {
      const row = c * w * h + y * w;
      for (let x = 0; x < ow; x++) {
        let acc = 0;
        const s = tx.start[x], base = x * tx.maxTaps;
        for (let k = 0; k < tx.count[x]; k++) acc += tx.weights[base + k] * src[row + s + k];
        mid[c * ow * h + y * ow + x] = acc;
      }
    }
  }
  const out = new Float32Array(channels * oh * ow);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < oh; y++) {
      const s = ty.start[y], base = y * ty.maxTaps;
      for (let x = 0; x < ow; x++) {
        let acc = 0;
        for (let k = 0; k < ty.count[y]; k++) acc += ty.weights[base + k] * mid[c * ow * h + (s + k) * ow + x];
        out[c * ow * oh + y * ow + x] = acc;
      }
    }
  }
  return out;
}

/** The model input [1,3,S,S] as a flat Float32Array (NCHW). */
export function preprocess(img: RgbImage, cfg: PreprocessConfig): Float32Array {
  const S = cfg.size;
  const short = Math.floor(S / cfg.cropPct);
  const [rw, rh] = resizedSize(img.width, img.height, short);
  if (rw < S || rh < S) throw new Error(`resized image ${rw}x${rh} is smaller than the crop ${S}`);
  const resized = resizePlanar(toPlanarRgb(img), 3, img.width, img.height, rw, rh);
  const top = roundHalfEven((rh - S) / 2);
  const left = roundHalfEven((rw - S) / 2);
  const out = new Float32Array(3 * S * S);
  for (let c = 0; c < 3; c++) {
    const m = cfg.mean[c], sd = cfg.std[c];
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        const v = resized[c * rw * rh + (y + top) * rw + (x + left)] / 255;
        out[c * S * S + y * S + x] = (v - m) / sd;
      }
    }
  }
  return out;
}
