// Error measures used by the parity tests and the CLI's fixture checks, on plain arrays.

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** max|a - b| / max|b|: the forward parity measure (tolerance 1e-4). */
export function relMaxError(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) throw new Error(`relMaxError: ${a.length} values vs ${ref.length} in the reference`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - ref[i]));
  const scale = maxAbs(ref);
  return scale === 0 ? m : m / scale;
}

/** ‖a - b‖₂ / ‖b‖₂: the gradient parity measure (tolerance 3e-2). */
export function relL2Error(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) throw new Error(`relL2Error: ${a.length} values vs ${ref.length} in the reference`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - ref[i]) ** 2;
    den += ref[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}
