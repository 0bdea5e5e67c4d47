"use client";
// The spectra charts of the lab: ΔlogA curves by depth, high-frequency ΔlogA and variance versus
// depth with NCB/NTB bands, the shared-scale grid of 2-D spectra and the three.js stack, each with
// PNG/SVG and CSV/JSON export.
import dynamic from "next/dynamic";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { DeltaLogACurves, DepthChart, ExportMenu, SpectraGrid, type SpectraSeries } from "@/components/spectra";
import { downloadBlob } from "@/components/spectra/export";
import { extent } from "@/components/spectra/types";
import { curvesCsv, depthCsv, mapCsv, spectraJson } from "@/lib/analysis/export";
import { depthProfile, type TapSpectrum } from "@/lib/analysis/profile";
import { blockOutputs } from "@/lib/analysis/block-outputs";

const Stack3D = dynamic(() => import("@/components/spectra/Stack3D").then((m) => m.Stack3D), { ssr: false });

const fit = "[&>svg]:h-auto [&>svg]:w-full [&>svg]:max-w-full";

function Card({ title, note, tools, children, testId }: { title: string; note?: string; tools?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <figure className="min-w-0 rounded-lg border border-slate-200 p-3" data-testid={testId}>
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <figcaption>
          <span className="text-sm font-medium text-slate-800">{title}</span>
          {note && <span className="block text-[11px] text-slate-500">{note}</span>}
        </figcaption>
        {tools}
      </div>
      {children}
    </figure>
  );
}

/** Charts drawn at the width they get (down to phone widths) so their text stays readable. */
function useFitWidth(max: number): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(max);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(260, Math.min(max, Math.floor(el.clientWidth)))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [max]);
  return [ref, w];
}

// Grid labels: "f.6.mhca" instead of "features.6.mhca · mhca" so they fit under a small cell.
const gridName = (t: TapSpectrum) => ({ ...t, name: t.name.replace("features.", "f."), kind: ["stem", "NCB", "NTB"].includes(t.kind) && t.kind !== t.name ? t.kind : "" });

/** The WebGL canvas as it is now (the renderer keeps its drawing buffer for this). */
function stackPng(host: HTMLDivElement | null, fileName: string) {
  host?.querySelector("canvas")?.toBlob((b) => b && downloadBlob(b, fileName), "image/png");
}

const csvAll = (series: readonly SpectraSeries[], f: (s: SpectraSeries) => string) =>
  series.map((s, i) => (i === 0 ? f(s) : f(s).split("\n").slice(1).join("\n"))).join("");

export function SpectraCharts({ series, name, live }: { series: SpectraSeries[]; name: string; live: boolean }) {
  const curves = useRef<SVGSVGElement>(null);
  const depth = useRef<SVGSVGElement>(null);
  const variance = useRef<SVGSVGElement>(null);
  const grid = useRef<SVGSVGElement>(null);
  const stack = useRef<HTMLDivElement>(null);
  const main = series[0];
  const [box, w] = useFitWidth(520);
  const cols = w < 400 ? 4 : 6;
  const cell = Math.floor((w - 6) / cols) - 6;
  const gridTaps = useMemo(() => main.taps.map(gridName), [main]);
  // Block outputs only for the depth axis (as the paper): sub-taps inside an NTB would double count.
  const blocks = useMemo(
    () => series.map((s) => ({ ...s, taps: blockOutputs(s.taps, (t) => t.kind) })),
    [series],
  );
  const domain = useMemo(() => extent(main.taps.flatMap((t) => Array.from(t.logAmplitude))), [main]);
  const json = () => JSON.stringify(series.map((s) => ({ series: s.label, ...JSON.parse(spectraJson(s.taps, depthProfile(s.taps))) })));
  return (
    <div className="grid gap-3 xl:grid-cols-2">
      <Card title="ΔlogA along the half-diagonal" note={`one curve per tap (${main.taps.length}), colour = depth: purple early → yellow deep`} testId="spectra-curves"
        tools={<ExportMenu svgRef={curves} name={`${name}-dlogA-curves`} csv={() => csvAll(series, (s) => curvesCsv(s.taps, s.label))} json={json} />}>
        <div className={fit} ref={box}><DeltaLogACurves series={series} width={w} height={w < 400 ? 260 : 320} svgRef={curves} /></div>
      </Card>
      <Card title="High-frequency ΔlogA vs normalised depth" note="bands: blue NCB, grey NTB; block outputs" testId="spectra-depth"
        tools={<ExportMenu svgRef={depth} name={`${name}-dlogA-depth`} csv={() => csvAll(blocks, (s) => depthCsv(depthProfile(s.taps), s.label))} json={json} />}>
        <div className={fit}><DepthChart series={blocks} width={w} height={w < 400 ? 240 : 320} svgRef={depth} /></div>
      </Card>
      <Card title="Feature-map variance vs normalised depth" note="mean over channels (and images)" testId="spectra-variance"
        tools={<ExportMenu svgRef={variance} name={`${name}-variance-depth`} csv={() => csvAll(blocks, (s) => depthCsv(depthProfile(s.taps), s.label))} />}>
        <div className={fit}><DepthChart series={blocks} metric="variance" width={w} height={w < 400 ? 220 : 280} svgRef={variance} /></div>
      </Card>
      <Card title={`2-D spectra of every tap · ${main.label}`} note="centred mean ln|F|, DC in the middle, one colour scale; hover for values" testId="spectra-grid"
        tools={<ExportMenu svgRef={grid} name={`${name}-spectra-grid`} csv={() => main.taps.map((t) => `# ${t.name} ${t.h}x${t.w}\n${mapCsv(t.logAmplitude, t.h, t.w)}`).join("")} json={json} />}>
        <div className={`${fit} max-h-[34rem] overflow-auto`}><SpectraGrid taps={gridTaps} domain={domain} columns={cols} cell={cell} svgRef={grid} /></div>
      </Card>
      <Card title="Spectra stacked along depth (three.js)" note="stem in front; drag to orbit, wheel to zoom; same colour scale as the grid" testId="spectra-stack"
        tools={<button type="button" className="rounded border border-gray-300 px-2 py-0.5 text-xs text-gray-700 hover:bg-gray-100" onClick={() => stackPng(stack.current, `${name}-spectra-stack.png`)}>PNG</button>}>
        {/* Rebuilding the WebGL scene on every image of a running average would stall the page. */}
        {live ? <p className="text-xs text-slate-500">Drawn when the average is complete (or cancelled).</p>
          : <div className="overflow-hidden" ref={stack}><Stack3D taps={main.taps} domain={domain} width={Math.min(480, w)} height={300} /></div>}
      </Card>
    </div>
  );
}
