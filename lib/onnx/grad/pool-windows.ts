// Pooling windows along one spatial axis, with the divisors onnxruntime and PyTorch use:
// a window starts at o*stride - padBegin; count_include_pad=0 divides by the elements inside
// the input, count_include_pad=1 by those inside input + padding (never past the end pad).
export interface AxisWindows {
  starts: number[]; // first input index of each window (may be negative)
  counts: number[]; // divisor of each window
}

export function axisWindows(
  input: number, output: number, kernel: number, stride: number, padBegin: number, padEnd: number, includePad: boolean,
): AxisWindows {
  const starts: number[] = [], counts: number[] = [];
  for (let o = 0; o < output; o++) {
    const s = o * stride - padBegin;
    const e = s + kernel;
    starts.push(s);
    counts.push(includePad ? Math.min(e, input + padEnd) - s : Math.min(e, input) - Math.max(s, 0));
  }
  return { starts, counts };
}

/** P[o, i] = 1/count(o) for i in window o: the transposed adjoint of average pooling on one axis. */
export function poolMatrix(input: number, w: AxisWindows, kernel: number): Float32Array {
  const out = w.starts.length;
  const p = new Float32Array(out * input);
  for (let o = 0; o < out; o++)
    for (let i = Math.max(w.starts[o], 0); i < Math.min(w.starts[o] + kernel, input); i++) p[o * input + i] = 1 / w.counts[o];
  return p;
}
