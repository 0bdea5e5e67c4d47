"use client";
// Fig. 5(b): Grad-CAM of each model's last stage for its predicted class, rows = images, columns = models, each
// map over what that model saw (its own resize and centre crop). Drawn as one SVG with the overlays embedded as
// PNG data URLs, so the PNG/SVG export is the grid itself.
import { useMemo, useRef } from "react";
import { ExportMenu } from "@/components/spectra";
import { overlayCam } from "@/lib/analysis/cam";
import { camCsv } from "@/lib/paper/figure";
import type { FigureModel } from "@/lib/paper/models";
import type { PaperCam } from "./paper-run";

const CELL = 132, GAP = 8, LEFT = 110, TOP = 34, CAPTION = 26;

function toDataUrl(c: PaperCam): string {
  const canvas = document.createElement("canvas");
  canvas.width = c.input.width;
  canvas.height = c.input.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return "";
  const img = ctx.createImageData(c.input.width, c.input.height);
  img.data.set(overlayCam(c.input.data, c.overlay, 0.5));
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL("image/png");
}

export function CamGrid({ models, images, cams }: { models: FigureModel[]; images: string[]; cams: PaperCam[] }) {
  const ref = useRef<SVGSVGElement>(null);
  const urls = useMemo(() => new Map(cams.map((c) => [`${c.image}|${c.model}`, toDataUrl(c)])), [cams]);
  const width = LEFT + models.length * (CELL + GAP), height = TOP + images.length * (CELL + CAPTION + GAP);
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return (
    <figure className="space-y-1" data-testid="paper-cams" data-cells={cams.length}>
      <div className="flex justify-end"><ExportMenu svgRef={ref} name="fig5b-gradcam" csv={() => camCsv(cams)} /></div>
      <div className="overflow-x-auto">
        <svg ref={ref} viewBox={`0 0 ${width} ${height}`} width={width} height={height} xmlns="http://www.w3.org/2000/svg"
          role="img" aria-label="Grad-CAM of the last stage, rows images, columns models" style={{ background: "white", maxWidth: "100%", height: "auto" }}>
          {models.map((m, j) => (
            <text key={m.entry.id} x={LEFT + j * (CELL + GAP) + CELL / 2} y={20} textAnchor="middle" fontSize={12} fontWeight={600} fill="#111827">
              {m.label}{m.trained ? "" : " (untrained)"}
            </text>
          ))}
          {images.map((name, i) => {
            const y0 = TOP + i * (CELL + CAPTION + GAP);
            return (
              <g key={name}>
                <text x={4} y={y0 + CELL / 2} fontSize={11} fill="#374151">{cut(name, 16)}</text>
                {models.map((m, j) => {
                  const c = cams.find((x) => x.image === name && x.model === m.entry.id);
                  const x0 = LEFT + j * (CELL + GAP);
                  return c ? (
                    <g key={m.entry.id} data-testid={`paper-cam-${i}-${j}`} data-class={c.classIndex}>
                      <image href={urls.get(`${name}|${m.entry.id}`)} x={x0} y={y0} width={CELL} height={CELL} preserveAspectRatio="none" />
                      <text x={x0 + CELL / 2} y={y0 + CELL + 15} textAnchor="middle" fontSize={10} fill="#374151">
                        {cut(c.className, 18)} {(c.prob * 100).toFixed(0)}%
                      </text>
                    </g>
                  ) : (
                    <rect key={m.entry.id} x={x0} y={y0} width={CELL} height={CELL} fill="#f1f5f9" stroke="#e2e8f0" />
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="text-[11px] text-slate-600">
        Grad-CAM (exact gradients) of each model&apos;s last stage for its own top-1 class, drawn over the crop that model
        saw (jet, 50% opacity); the CSV holds the maps at the stage&apos;s own resolution. Untrained columns show
        architecture, not learned evidence.
      </figcaption>
    </figure>
  );
}
