import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { interpolatePlasma, rgb } from "d3";
import { tapSpectrum } from "@/lib/analysis/profile";
import { DeltaLogACurves } from "@/components/spectra/DeltaLogACurves";
import { DepthChart } from "@/components/spectra/DepthChart";
import { curvesCsv, depthCsv } from "@/lib/analysis/export";
import { depthProfile } from "@/lib/analysis/profile";
import { seeded } from "./analysis-reference";

const taps = [
  tapSpectrum("stem", { data: seeded(4 * 14 * 14, 1), dims: [1, 4, 14, 14] }, "stem"),
  tapSpectrum("features.0", { data: seeded(4 * 14 * 14, 2), dims: [1, 4, 14, 14] }, "NCB"),
  tapSpectrum("features.1", { data: seeded(4 * 7 * 7, 3), dims: [1, 4, 7, 7] }, "NTB"),
];
const series = [{ id: "a", label: "A", taps }, { id: "b", label: "B", taps: taps.slice(0, 2) }];

describe("spectra charts (static render)", () => {
  it("draws one curve per tap per series, early taps dark and deep taps yellow, deepest first", () => {
    const html = renderToStaticMarkup(createElement(DeltaLogACurves, { series }));
    const curves = [...html.matchAll(/<path d="[^"]*" fill="none" stroke="([^"]+)"[^>]*data-tap="([^"]+)"/g)];
    expect(curves.map((m) => m[2])).toEqual(["features.1", "features.0", "stem", "features.0", "stem"]);
    const lum = (c: string) => { const x = rgb(c); return x.r + x.g + x.b; };
    const colorOf = (tap: string) => curves.find((m) => m[2] === tap)![1];
    expect(lum(colorOf("stem"))).toBeLessThan(lum(colorOf("features.1")));
    expect(rgb(colorOf("stem")).toString()).toBe(rgb(interpolatePlasma(0)).toString());
    expect(html).toContain("stroke-dasharray=\"5 3\""); // the second series is dashed
    expect(html).toContain("1.0π");
  });

  it("depth chart bands the step into each NCB/NTB block and places points at index/(L-1)", () => {
    const html = renderToStaticMarkup(createElement(DepthChart, { series: [series[0]] }));
    expect([...html.matchAll(/data-kind="(\w+)"/g)].map((m) => m[1])).toEqual(["NCB", "NTB"]);
    expect(html.match(/<path transform="translate/g)).toHaveLength(3);
  });

  it("depth chart: every point inside the plot, clear of its frame, and the band legend above the plot", () => {
    for (const metric of ["highFrequency", "variance"] as const) {
      const html = renderToStaticMarkup(createElement(DepthChart, { series, metric, width: 360, height: 260 }));
      const band = html.match(/<rect [^>]*y="([\d.]+)" height="([\d.]+)"[^>]*data-kind/)!;
      const top = Number(band[1]), bottom = top + Number(band[2]);
      const ys = [...html.matchAll(/<path transform="translate\(([\d.]+),([\d.]+)\)"/g)].map((m) => Number(m[2]));
      expect(ys).toHaveLength(5);
      for (const y of ys) {
        expect(y).toBeGreaterThanOrEqual(top + 5); // a point's symbol (size 36: ~3.4 px radius) stays inside
        expect(y).toBeLessThanOrEqual(bottom - 5);
      }
      const legend = html.match(/<g transform="translate\(([\d.]+),([\d.]+)\)"[^>]*data-legend="bands"/)!;
      expect(Number(legend[2]) + 10).toBeLessThanOrEqual(top); // its 10 px swatches end above the plot
    }
  });

  it("CSV exports carry every plotted number", () => {
    const csv = curvesCsv(taps, "A").trim().split("\n");
    expect(csv[0]).toBe("series,tap,kind,k,u,v,freq_notebook_pi,freq_true_pi,dlogA");
    expect(csv).toHaveLength(1 + 7 + 7 + 4);
    expect(Number(csv[8].split(",").at(-1))).toBe(taps[1].diagonal.dlogA[0]);
    const d = depthCsv(depthProfile(taps)).trim().split("\n");
    expect(d[3].split(",").slice(1, 5)).toEqual(["features.1", "NTB", "2", "1"]);
  });
});
