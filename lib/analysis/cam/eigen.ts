// Leading eigenpair of a symmetric positive semi-definite matrix, float64, no dependencies.
// Small matrices: cyclic Jacobi. Larger ones: subspace iteration on a few vectors (converges at
// rate λ_{p+1}/λ_1, much faster than plain power iteration when λ_2 ≈ λ_1), finished by a
// Rayleigh–Ritz step solved with Jacobi.

/** All eigenpairs of a symmetric n x n matrix (row-major, copied). Vectors are columns of `vectors`. */
export function jacobiEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

function topOfJacobi(matrix: Float64Array, n: number): { value: number; vector: Float64Array } {
  const { values, vectors } = jacobiEigen(matrix, n);
  let best = 0;
  for (let i = 1; i < n; i++) if (values[i] > values[best]) best = i;
  const vector = new Float64Array(n);
  for (let k = 0; k < n; k++) vector[k] = vectors[k * n + best];
  return { value: values[best], vector };
}

const JACOBI_MAX = 128;

/** Largest eigenvalue and its unit eigenvector of a symmetric PSD n x n matrix (row-major). */
export function topEigen(matrix: Float64Array, n: number): { value: number; vector: Float64Array } {
  if (n <= JACOBI_MAX) return topOfJacobi(matrix, n);
  const p = 12;
  // Deterministic start (an LCG), so the same input always gives the same iterate sequence.
  let seed = 12345;
  const q = new Float64Array(n * p); // column-major: vector j at [j*n, (j+1)*n)
  for (let i = 0; i < q.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    q[i] = seed / 2 ** 32 - 0.5;
  }
  const z = new Float64Array(n * p);
  let prev: Float64Array = new Float64Array(n);
  for (let iter = 0; iter < 2000; iter++) {
    multiply(matrix, n, q, z, p);
    orthonormalise(z, n, p);
    q.set(z);
    if (iter % 5 === 4) {
      const ritz = rayleighRitz(matrix, n, q, p);
      let dot = 0;
      for (let k = 0; k < n; k++) dot += ritz.vector[k] * prev[k];
      prev = ritz.vector;
      if (1 - Math.abs(dot) < 1e-15) return ritz;
    }
  }
  return rayleighRitz(matrix, n, q, p);
}

function multiply(m: Float64Array, n: number, x: Float64Array, out: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) {
    const xo = j * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const ro = i * n;
      for (let k = 0; k < n; k++) s += m[ro + k] * x[xo + k];
      out[xo + i] = s;
    }
  }
}

function orthonormalise(x: Float64Array, n: number, p: number): void {
  for (let j = 0; j < p; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let k = 0; k < n; k++) d += x[i * n + k] * x[j * n + k];
        for (let k = 0; k < n; k++) x[j * n + k] -= d * x[i * n + k];
      }
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += x[j * n + k] * x[j * n + k];
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < n; k++) x[j * n + k] /= norm;
  }
}

function rayleighRitz(m: Float64Array, n: number, q: Float64Array, p: number): { value: number; vector: Float64Array } {
  const mq = new Float64Array(n * p);
  multiply(m, n, q, mq, p);
  const t = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * mq[j * n + k];
      t[i * p + j] = s;
    }
  }
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) t[i * p + j] = t[j * p + i] = 0.5 * (t[i * p + j] + t[j * p + i]);
  const small = topOfJacobi(t, p);
  const vector = new Float64Array(n);
  for (let j = 0; j < p; j++) for (let k = 0; k < n; k++) vector[k] += small.vector[j] * q[j * n + k];
  return { value: small.value, vector };
}
