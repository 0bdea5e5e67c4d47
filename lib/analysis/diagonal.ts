// Relative log amplitude along the half-diagonal, ΔlogA(k) = Ā(k,k) − Ā(0,0) (Park & Kim, Fig. 2a).
//
// Square h x h maps: k = 0 .. ceil(h/2)-1 exactly as the notebook's `diag()[int(h/2):]`.
// Non-square h x w maps (e.g. 160x192 inputs): k runs along the shorter side m = min(h, w) and the
// longer side takes the bin of the same normalised frequency k/m, rounded to the nearest bin.
// Both axes' true frequencies are reported, so the rounding is visible, never hidden.
//
// Two frequency axes, both in units of π:
// - `freqNotebook`: linspace(0, 1, K), what the notebook plots and labels "0.0π … 1.0π";
// - `freqTrue`: ω_k = 2k/m, the actual per-axis angular frequency of sample k (last one < 1).
// The charts in components/spectra use `freqNotebook` by default (to match the paper's figures)
// and can switch to `freqTrue`.

export interface HalfDiagonal {
  /** Unshifted DFT bin indices along each axis. */
  u: number[];
  v: number[];
  dlogA: Float64Array;
  freqNotebook: Float64Array;
  freqTrue: Float64Array;
  /** True per-axis frequencies (units of π) of each sample: 2u/h and 2v/w. */
  freqY: Float64Array;
  freqX: Float64Array;
}

/** Number of half-diagonal samples for an h x w map. */
export function diagonalLength(h: number, w: number): number {
  return Math.ceil(Math.min(h, w) / 2);
}

/** Half-diagonal of a centred (fftshifted) mean log-amplitude map. */
export function halfDiagonal(centred: Float64Array, h: number, w: number): HalfDiagonal {
  if (centred.length !== h * w) throw new RangeError(`halfDiagonal: map has ${centred.length} values, expected ${h}x${w}`);
  const m = Math.min(h, w);
  const K = diagonalLength(h, w);
  const sh = Math.floor(h / 2), sw = Math.floor(w / 2);
  const at = (u: number, v: number) => centred[((u + sh) % h) * w + ((v + sw) % w)];
  const u: number[] = [], v: number[] = [];
  const dlogA = new Float64Array(K), freqNotebook = new Float64Array(K), freqTrue = new Float64Array(K);
  const freqY = new Float64Array(K), freqX = new Float64Array(K);
  const dc = at(0, 0);
  for (let k = 0; k < K; k++) {
    const uk = h === m ? k : Math.round((k * h) / m);
    const vk = w === m ? k : Math.round((k * w) / m);
    u.push(uk);
    v.push(vk);
    dlogA[k] = at(uk, vk) - dc;
    freqNotebook[k] = K === 1 ? 0 : k / (K - 1);
    freqTrue[k] = (2 * k) / m;
    freqY[k] = (2 * uk) / h;
    freqX[k] = (2 * vk) / w;
  }
  return { u, v, dlogA, freqNotebook, freqTrue, freqY, freqX };
}
