import { describe, expect, it } from "vitest";
import { computeCam, gradCamWeights, jet, overlayCam, rawCam, resizeBilinear, type CamMethod } from "@/lib/analysis/cam";
import { readFixtureTensors } from "./analysis-reference";

const tensors = readFixtureTensors("tests/fixtures/nextvit-mini/nextvit-mini.io.224x224.safetensors");

// ---- float64 references, written from the method definitions (methods.md §3.2–3.3) ----
function refRaw(method: CamMethod, A: Float32Array, G: Float32Array, c: number, hw: number): Float64Array {
  const cam = new Float64Array(hw);
  if (method === "eigencam") return refEigen(A, c, hw);
  for (let k = 0; k < c; k++) {
    const a = A.subarray(k * hw, (k + 1) * hw), g = G.subarray(k * hw, (k + 1) * hw);
    let weight = 0;
    if (method === "gradcam") weight = g.reduce((s, x) => s + x, 0) / hw;
    if (method === "gradcam++") {
      const sumA = a.reduce((s, x) => s + x, 0);
      for (let i = 0; i < hw; i++) {
        const alpha = g[i] !== 0 ? g[i] ** 2 / (2 * g[i] ** 2 + sumA * g[i] ** 3 + 1e-6) : 0;
        weight += alpha * Math.max(g[i], 0);
      }
    }
    for (let i = 0; i < hw; i++) {
      if (method === "hirescam") cam[i] += g[i] * a[i];
      else if (method === "layercam") cam[i] += Math.max(g[i], 0) * a[i];
      else cam[i] += weight * a[i];
    }
  }
  return cam;
}

// EigenCAM: first principal component of the position-by-channel matrix (channels centred), via a
// full cyclic Jacobi eigen-decomposition of the smaller Gram matrix. Sign: largest |value| positive.
function refEigen(A: Float32Array, c: number, hw: number): Float64Array {
  const M: number[][] = Array.from({ length: c }, (_, k) => {
    const row = Array.from(A.subarray(k * hw, (k + 1) * hw));
    const mean = row.reduce((s, x) => s + x, 0) / hw;
    return row.map((x) => x - mean);
  });
  const byChannels = c <= hw, n = byChannels ? c : hw;
  const Gm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    if (byChannels) for (let t = 0; t < hw; t++) s += M[i][t] * M[j][t];
    else for (let k = 0; k < c; k++) s += M[k][i] * M[k][j];
    Gm[i * n + j] = s;
  }
  const V = new Float64Array(n * n).map((_, i) => (i % (n + 1) === 0 ? 1 : 0));
  for (let sweep = 0; sweep < 30; sweep++) {
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      const apq = Gm[p * n + q];
      if (Math.abs(apq) < 1e-300) continue;
      const phi = 0.5 * Math.atan2(2 * apq, Gm[q * n + q] - Gm[p * n + p]);
      const cs = Math.cos(phi), sn = Math.sin(phi);
      for (let k = 0; k < n; k++) { const x = Gm[k * n + p], y = Gm[k * n + q]; Gm[k * n + p] = cs * x - sn * y; Gm[k * n + q] = sn * x + cs * y; }
      for (let k = 0; k < n; k++) { const x = Gm[p * n + k], y = Gm[q * n + k]; Gm[p * n + k] = cs * x - sn * y; Gm[q * n + k] = sn * x + cs * y; }
      for (let k = 0; k < n; k++) { const x = V[k * n + p], y = V[k * n + q]; V[k * n + p] = cs * x - sn * y; V[k * n + q] = sn * x + cs * y; }
    }
  }
  let top = 0;
  for (let i = 1; i < n; i++) if (Gm[i * n + i] > Gm[top * n + top]) top = i;
  const proj = new Float64Array(hw);
  if (byChannels) for (let k = 0; k < c; k++) for (let t = 0; t < hw; t++) proj[t] += M[k][t] * V[k * n + top];
  else for (let t = 0; t < hw; t++) proj[t] = Math.sqrt(Gm[top * n + top]) * V[t * n + top];
  const max = Math.max(...proj), min = Math.min(...proj);
  return -min > max ? proj.map((x) => -x) : proj;
}

function refScale(x: ArrayLike<number>): Float64Array {
  const r = Float64Array.from(x, (v) => Math.max(v, 0));
  const min = Math.min(...r);
  const shifted = r.map((v) => v - min);
  const max = Math.max(...shifted);
  return shifted.map((v) => v / (1e-7 + max));
}

// cv2.resize INTER_LINEAR on float data: src = (dst + 0.5) * in/out - 0.5, clamped to the edges.
function refResize(src: Float64Array, h: number, w: number, H: number, W: number): Float64Array {
  const sample = (d: number, n: number, N: number) => {
    const s = Math.min(Math.max((d + 0.5) * (n / N) - 0.5, 0), n - 1);
    const i = Math.min(Math.floor(s), n - 1);
    return [i, Math.min(i + 1, n - 1), s - i] as const;
  };
  const out = new Float64Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const [y0, y1, fy] = sample(y, h, H), [x0, x1, fx] = sample(x, w, W);
    out[y * W + x] = (1 - fy) * ((1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1]) + fy * ((1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1]);
  }
  return out;
}

const METHODS: CamMethod[] = ["gradcam", "gradcam++", "hirescam", "layercam", "eigencam"];

describe("CAM methods equal float64 references on the fixture's activations and gradients", () => {
  for (const tap of ["stem", "features.2", "features.7"]) {
    const A = tensors.get(tap)!, G = tensors.get(`grad.${tap}`)!;
    const [, c, h, w] = A.dims;
    for (const method of METHODS) {
      it(`${method} at ${tap} (${c}x${h}x${w}), raw map and final 224x224 map`, () => {
        const input = { activation: A.data, gradient: G.data, dims: A.dims };
        const raw = rawCam(method, input);
        const ref = refRaw(method, A.data, G.data, c, h * w);
        const scale = Math.max(...ref.map(Math.abs));
        for (let i = 0; i < ref.length; i++) expect(Math.abs(raw[i] - ref[i])).toBeLessThan(1e-6 * scale);
        const final = computeCam(method, input, 224, 224);
        expect([final.n, final.height, final.width]).toEqual([1, 224, 224]);
        const refFinal = refScale(refResize(refScale(ref), h, w, 224, 224));
        let worst = 0;
        for (let i = 0; i < refFinal.length; i++) worst = Math.max(worst, Math.abs(final.maps[i] - refFinal[i]));
        expect(worst).toBeLessThan(1e-6);
      });
    }
  }

  it("Grad-CAM weights are the spatial means of the gradient", () => {
    const A = tensors.get("features.7")!, G = tensors.get("grad.features.7")!;
    const wts = gradCamWeights({ activation: A.data, gradient: G.data, dims: A.dims });
    expect(wts[5]).toBeCloseTo(G.data.subarray(5 * 49, 6 * 49).reduce((s, x) => s + x, 0) / 49, 12);
  });

  it("gradient methods refuse a missing or mis-sized gradient, naming it", () => {
    const A = tensors.get("features.7")!;
    expect(() => rawCam("gradcam", { activation: A.data, dims: A.dims })).toThrow(/gradient/);
    expect(() => rawCam("hirescam", { activation: A.data, gradient: new Float32Array(3), dims: A.dims })).toThrow(/3 values/);
    expect(() => rawCam("eigencam", { activation: A.data, dims: [1, 2, 3] })).toThrow(/NCHW/);
  });
});

describe("resize and colour", () => {
  it("bilinear upsampling reproduces a linear ramp inside the clamped border", () => {
    const src = Float64Array.from({ length: 16 }, (_, i) => i % 4); // x ramp 0..3
    const out = resizeBilinear(src, 4, 4, 8, 8);
    // output x = 3 maps to source x = (3.5)*0.5 - 0.5 = 1.25
    expect(out[3]).toBeCloseTo(1.25, 12);
    expect(out[0]).toBe(0);
    expect(out[7]).toBe(3);
  });

  it("jet runs dark blue → cyan → yellow → dark red; overlay mixes by opacity", () => {
    expect(jet(0)).toEqual([0, 0, 128]);
    expect(jet(0.5)).toEqual([128, 255, 128]);
    expect(jet(1)).toEqual([128, 0, 0]);
    const img = new Uint8ClampedArray([200, 100, 50, 255]);
    expect(Array.from(overlayCam(img, [1], 0))).toEqual([200, 100, 50, 255]);
    expect(Array.from(overlayCam(img, [1], 1))).toEqual([128, 0, 0, 255]);
    expect(Array.from(overlayCam(img, [1], 0.5))).toEqual([164, 50, 25, 255]);
  });
});
