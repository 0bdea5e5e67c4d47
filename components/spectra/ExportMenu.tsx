"use client";
// PNG / SVG / CSV / JSON buttons for one chart. The data getters run only on click.
import type { RefObject } from "react";
import { downloadPng, downloadSvg, downloadText } from "./export";

export interface ExportMenuProps {
  svgRef: RefObject<SVGSVGElement | null>;
  /** Base file name without extension. */
  name: string;
  csv?: () => string;
  json?: () => string;
}

const btn = "rounded border border-gray-300 px-2 py-0.5 text-xs text-gray-700 hover:bg-gray-100";

export function ExportMenu({ svgRef, name, csv, json }: ExportMenuProps) {
  return (
    <div className="flex gap-1" aria-label={`Export ${name}`}>
      <button type="button" className={btn} onClick={() => svgRef.current && void downloadPng(svgRef.current, `${name}.png`)}>PNG</button>
      <button type="button" className={btn} onClick={() => svgRef.current && downloadSvg(svgRef.current, `${name}.svg`)}>SVG</button>
      {csv && <button type="button" className={btn} onClick={() => downloadText(csv(), `${name}.csv`, "text/csv")}>CSV</button>}
      {json && <button type="button" className={btn} onClick={() => downloadText(json(), `${name}.json`, "application/json")}>JSON</button>}
    </div>
  );
}
