"use client";
// Centred 2-D mean log-amplitude spectra of every tap on ONE shared colour scale (so brightness
// is comparable across layers), with a colour bar and a per-pixel hover read-out.
import { type Ref, useEffect, useMemo, useState } from "react";
import type { TapSpectrum } from "@/lib/analysis/profile";
import { mapToRgba, rgbaToDataUrl, spectrumColor } from "./heatmap";
import { extent } from "./types";

export interface SpectraGridProps {
  taps: readonly TapSpectrum[];
  /** Shared colour domain; default: min/max over all maps. */
  domain?: [number, number];
  cell?: number;
  columns?: number;
  svgRef?: Ref<SVGSVGElement>;
}

export function SpectraGrid({ taps, domain, cell = 84, columns = 6, svgRef }: SpectraGridProps) {
  const [lo, hi] = useMemo(() => domain ?? extent(taps.flatMap((t) => Array.from(t.logAmplitude))), [taps, domain]);
  const [urls, setUrls] = useState<string[]>([]);
  const [hover, setHover] = useState<string | null>(null);
  useEffect(() => {
    setUrls(taps.map((t) => rgbaToDataUrl(mapToRgba(t.logAmplitude, lo, hi), t.w, t.h)));
  }, [taps, lo, hi]);
  const rows = Math.ceil(taps.length / columns);
  const label = 14, pad = 6, barH = 34;
  const width = columns * (cell + pad) + pad, height = rows * (cell + label + pad) + pad + barH;

  const onMove = (t: TapSpectrum, e: React.PointerEvent<SVGImageElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const col = Math.min(t.w - 1, Math.floor(((e.clientX - box.left) / box.width) * t.w));
    const row = Math.min(t.h - 1, Math.floor(((e.clientY - box.top) / box.height) * t.h));
    const fy = (2 * (row - Math.floor(t.h / 2))) / t.h, fx = (2 * (col - Math.floor(t.w / 2))) / t.w;
    setHover(`${t.name}: ω = (${fy.toFixed(2)}π, ${fx.toFixed(2)}π), mean log amplitude ${t.logAmplitude[row * t.w + col].toFixed(3)}`);
  };

  return (
    <svg ref={svgRef} viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" xmlns="http://www.w3.org/2000/svg"
      xmlnsXlink="http://www.w3.org/1999/xlink" aria-label="Centred 2-D log-amplitude spectra per layer" style={{ background: "white" }} fontSize={10}>
      <defs>
        <linearGradient id="spectra-grid-bar">
          {Array.from({ length: 11 }, (_, i) => <stop key={i} offset={`${i * 10}%`} stopColor={spectrumColor(i / 10)} />)}
        </linearGradient>
      </defs>
      {taps.map((t, i) => {
        const gx = pad + (i % columns) * (cell + pad), gy = pad + Math.floor(i / columns) * (cell + label + pad);
        return (
          <g key={t.name} transform={`translate(${gx},${gy})`}>
            <text y={10} fill="#374151">{`${t.name}${t.kind ? ` · ${t.kind}` : ""}`}</text>
            {urls[i] && <image href={urls[i]} y={label} width={cell} height={cell} preserveAspectRatio="none" style={{ imageRendering: "pixelated" }}
              onPointerMove={(e) => onMove(t, e)} onPointerLeave={() => setHover(null)} />}
          </g>
        );
      })}
      <g transform={`translate(${pad},${height - barH + 4})`} fill="#374151">
        <rect width={Math.min(220, width - 2 * pad)} height={8} fill="url(#spectra-grid-bar)" />
        <text y={20}>{lo.toFixed(2)}</text>
        <text x={Math.min(220, width - 2 * pad)} y={20} textAnchor="end">{hi.toFixed(2)}</text>
        <text x={Math.min(230, width - 2 * pad)} y={8}>{hover ?? "mean ln(|F| + 1e-6), shared scale"}</text>
      </g>
    </svg>
  );
}
