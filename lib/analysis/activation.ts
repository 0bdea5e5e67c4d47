// A tap's activation as the analysis code sees it: NCHW maps, or NLC tokens with their grid.
export interface ActivationMap {
  data: Float32Array | Float64Array;
  dims: readonly number[];
  layout?: "NCHW" | "NLC"; // default NCHW
  /** Token grid [rows, cols] for NLC; leading extra tokens (a CLS token) are dropped. */
  grid?: readonly [number, number];
}

export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalysisInputError";
  }
}

export interface PlaneView {
  images: number;
  channels: number;
  h: number;
  w: number;
  /** Planes laid out [image][channel][h*w] contiguous (NCHW data as-is, NLC transposed). */
  planes: Float32Array | Float64Array;
}

/** Validate shapes and return contiguous per-channel planes (a copy only for NLC). */
export function toPlanes(map: ActivationMap): PlaneView {
  const { data, dims } = map;
  const size = dims.reduce((a, b) => a * b, 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw new AnalysisInputError(`activation dims [${dims}] must be positive integers`);
  if (size !== data.length) throw new AnalysisInputError(`activation has ${data.length} values but dims [${dims}] need ${size}`);
  if ((map.layout ?? "NCHW") === "NCHW") {
    if (dims.length !== 4) throw new AnalysisInputError(`NCHW activation needs 4 dims, got [${dims}]; pass layout "NLC" with a grid for tokens`);
    return { images: dims[0], channels: dims[1], h: dims[2], w: dims[3], planes: data };
  }
  if (dims.length !== 3) throw new AnalysisInputError(`NLC activation needs 3 dims [B, N, C], got [${dims}]`);
  if (!map.grid) throw new AnalysisInputError("NLC activation needs its token grid [rows, cols]");
  const [gh, gw] = map.grid;
  const [b, n, c] = dims;
  const prefix = n - gh * gw;
  if (prefix < 0) throw new AnalysisInputError(`token grid ${gh}x${gw} needs ${gh * gw} tokens, activation has ${n}`);
  const planes = new Float64Array(b * c * gh * gw);
  const hw = gh * gw;
  for (let i = 0; i < b; i++) {
    for (let t = 0; t < hw; t++) {
      const src = (i * n + prefix + t) * c;
      for (let ch = 0; ch < c; ch++) planes[(i * c + ch) * hw + t] = data[src + ch];
    }
  }
  return { images: b, channels: c, h: gh, w: gw, planes };
}
