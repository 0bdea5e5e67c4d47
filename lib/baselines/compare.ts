// The forward parity measure of the fixtures (tolerance 1e-4), on plain arrays.

/** max|a - ref| / max|ref|. */
export function relMaxError(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) throw new Error(`relMaxError: ${a.length} values vs ${ref.length} in the reference`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
