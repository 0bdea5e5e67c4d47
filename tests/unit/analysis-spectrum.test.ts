import { describe, expect, it } from "vitest";
import { halfDiagonal } from "@/lib/analysis/diagonal";
import { depthProfile, tapSpectrum } from "@/lib/analysis/profile";
import { SpectrumAccumulator, meanLogAmplitude } from "@/lib/analysis/spectrum";
import { featureVariance } from "@/lib/analysis/variance";
import { TapSetAccumulator } from "@/lib/analysis/image-set";
import { directDft2, maxRelErr, readFixtureTensors, referenceDeltaLogA, seeded } from "./analysis-reference";

const FIXTURE = "tests/fixtures/nextvit-mini/nextvit-mini.io.224x224.safetensors";
const TAPS = ["stem", ...Array.from({ length: 8 }, (_, i) => `features.${i}`)];
const KINDS = ["stem", "NCB", "NTB", "NCB", "NCB", "NCB", "NCB", "NTB", "NTB"];

describe("ΔlogA of the nextvit-mini fixture activations", () => {
  const tensors = readFixtureTensors(FIXTURE);
  const spectra = TAPS.map((name, i) => {
    const t = tensors.get(name)!;
    return { t, s: tapSpectrum(name, { data: t.data, dims: t.dims }, KINDS[i]) };
  });

  for (const [i, name] of TAPS.entries()) {
    it(`${name}: curve and centred map equal a direct float64 DFT computation to 1e-6`, () => {
      const { t, s } = spectra[i];
      const [, c, h] = t.dims;
      const ref = referenceDeltaLogA(t.data, c, h);
      expect(Array.from(s.diagonal.dlogA)).toHaveLength(Math.ceil(h / 2));
      for (let k = 0; k < ref.dlogA.length; k++) expect(Math.abs(s.diagonal.dlogA[k] - ref.dlogA[k])).toBeLessThan(1e-6);
      expect(maxRelErr(s.logAmplitude, ref.mean)).toBeLessThan(1e-6);
    });
  }

  it("variance is the mean over channels of the unbiased spatial variance", () => {
    for (const { t, s } of spectra) {
      const [, c, h, w] = t.dims;
      let total = 0;
      for (let k = 0; k < c; k++) {
        const plane = Array.from(t.data.subarray(k * h * w, (k + 1) * h * w));
        const mean = plane.reduce((a, b) => a + b, 0) / plane.length;
        total += plane.reduce((a, b) => a + (b - mean) ** 2, 0) / (plane.length - 1);
      }
      expect(s.variance).toBeCloseTo(total / c, 9);
    }
  });

  it("depth profile: normalised depth, last diagonal sample, kinds in order", () => {
    const prof = depthProfile(spectra.map(({ s }) => s));
    expect(prof.map((p) => p.depth)).toEqual(TAPS.map((_, i) => i / (TAPS.length - 1)));
    expect(prof.map((p) => p.kind)).toEqual(KINDS);
    for (const [i, p] of prof.entries()) expect(p.highFrequency).toBe(spectra[i].s.diagonal.dlogA.at(-1));
  });
});

describe("spectrum accumulator and layouts", () => {
  it("averaging two images equals the mean of their maps, and merge() equals add()", () => {
    const a = seeded(2 * 3 * 14 * 14, 1), b = seeded(3 * 14 * 14, 2);
    const acc = new SpectrumAccumulator(14, 14);
    acc.add({ data: a, dims: [2, 3, 14, 14] });
    const other = new SpectrumAccumulator(14, 14);
    other.add({ data: b, dims: [1, 3, 14, 14] });
    acc.merge(other);
    expect(acc.count).toBe(9);
    const all = new Float64Array(a.length + b.length);
    all.set(a);
    all.set(b, a.length);
    const direct = meanLogAmplitude({ data: all, dims: [3, 3, 14, 14] }).map;
    expect(maxRelErr(acc.mean(), direct)).toBeLessThan(1e-12);
  });

  it("image-set averages equal the spectrum and variance of the stacked batch", () => {
    const imgs = [seeded(3 * 7 * 7, 11), seeded(3 * 7 * 7, 12), seeded(3 * 7 * 7, 13)];
    const set = new TapSetAccumulator();
    for (const data of imgs) set.add([{ name: "t", kind: "NCB", map: { data, dims: [1, 3, 7, 7] } }]);
    const batch = new Float64Array(3 * 3 * 49);
    imgs.forEach((x, i) => batch.set(x, i * 147));
    const [s] = set.summary();
    expect(set.images).toBe(3);
    expect(s.count).toBe(9);
    expect(maxRelErr(s.logAmplitude, meanLogAmplitude({ data: batch, dims: [3, 3, 7, 7] }).map)).toBeLessThan(1e-12);
    expect(s.variance).toBeCloseTo(featureVariance({ data: batch, dims: [3, 3, 7, 7] }), 12);
  });

  it("huge activations take the direct-log path and still match the direct DFT", () => {
    const [c, h] = [11, 7];
    const x = seeded(c * h * h, 5);
    for (let i = 2 * h * h; i < 3 * h * h; i++) x[i] *= 1e33; // channel 2 would overflow a product
    const got = meanLogAmplitude({ data: x, dims: [1, c, h, h] }).map;
    const ref = referenceDeltaLogA(x, c, h).mean;
    expect(maxRelErr(got, ref)).toBeLessThan(1e-12);
  });

  it("NLC tokens with a CLS token give the same spectrum as the NCHW map", () => {
    const [c, h, w] = [5, 6, 8];
    const nchw = seeded(c * h * w, 7);
    const tokens = new Float64Array((1 + h * w) * c).fill(99); // token 0 is CLS, dropped
    for (let k = 0; k < c; k++) for (let t = 0; t < h * w; t++) tokens[(1 + t) * c + k] = nchw[k * h * w + t];
    const x = meanLogAmplitude({ data: nchw, dims: [1, c, h, w] }).map;
    const y = meanLogAmplitude({ data: tokens, dims: [1, 1 + h * w, c], layout: "NLC", grid: [h, w] }).map;
    expect(maxRelErr(y, x)).toBeLessThan(1e-12);
    expect(featureVariance({ data: tokens, dims: [1, 1 + h * w, c], layout: "NLC", grid: [h, w] })).toBeCloseTo(featureVariance({ data: nchw, dims: [1, c, h, w] }), 12);
  });

  it("non-square maps: k along the short side, long side at the nearest bin of equal normalised frequency", () => {
    const [h, w] = [10, 12];
    const x = seeded(h * w, 3);
    const { map } = meanLogAmplitude({ data: x, dims: [1, 1, h, w] });
    const d = halfDiagonal(map, h, w);
    expect(d.u).toEqual([0, 1, 2, 3, 4]);
    expect(d.v).toEqual([0, 1, 2, 4, 5]); // round(k*12/10)
    const { re, im } = directDft2(x, h, w);
    const la = (u: number, v: number) => Math.log(Math.hypot(re[u * w + v], im[u * w + v]) + 1e-6);
    for (let k = 0; k < 5; k++) expect(d.dlogA[k]).toBeCloseTo(la(d.u[k], d.v[k]) - la(0, 0), 10);
    expect(Array.from(d.freqTrue)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(Array.from(d.freqNotebook)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(d.freqX[3]).toBeCloseTo(8 / 12, 12);
  });

  it("bad input is rejected with the problem named", () => {
    expect(() => meanLogAmplitude({ data: new Float32Array(10), dims: [1, 2, 2, 2] })).toThrow(/10 values/);
    expect(() => meanLogAmplitude({ data: new Float32Array(8), dims: [2, 2, 2] })).toThrow(/4 dims/);
    expect(() => meanLogAmplitude({ data: new Float32Array(12), dims: [1, 4, 3], layout: "NLC", grid: [3, 3] })).toThrow(/9 tokens/);
    expect(() => new SpectrumAccumulator(4, 4).mean()).toThrow(/empty/);
    const acc = new SpectrumAccumulator(4, 4);
    expect(() => acc.add({ data: new Float32Array(25), dims: [1, 1, 5, 5] })).toThrow(/4x4/);
  });
});
