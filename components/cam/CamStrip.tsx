"use client";
// A strip of CAMs across the blocks of a model (each at its tap's own resolution, shown at one
// size), labelled by tap and kind; click one to select it.
import { useEffect, useRef } from "react";
import { camToRgba } from "@/lib/analysis/cam/colormap";

export interface CamTile {
  name: string;
  kind?: string;
  /** CAM in [0, 1], h x w row-major. */
  cam: Float32Array;
  h: number;
  w: number;
}

export interface CamStripProps {
  tiles: readonly CamTile[];
  selected?: string;
  onSelect?: (name: string) => void;
  size?: number;
}

function Tile({ tile, size, active, onClick }: { tile: CamTile; size: number; active: boolean; onClick?: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || tile.cam.length !== tile.h * tile.w) return;
    const img = ctx.createImageData(tile.w, tile.h);
    img.data.set(camToRgba(tile.cam));
    ctx.putImageData(img, 0, 0);
  }, [tile]);
  return (
    <button type="button" onClick={onClick} title={`${tile.name} (${tile.h}×${tile.w})`}
      className={`flex shrink-0 flex-col items-center gap-0.5 rounded p-0.5 text-[10px] ${active ? "ring-2 ring-blue-500" : ""}`}>
      <canvas ref={canvas} width={tile.w} height={tile.h} style={{ width: size, height: (size * tile.h) / tile.w, imageRendering: "pixelated" }} />
      <span className="text-gray-700">{tile.name}</span>
      {tile.kind && <span className="text-gray-500">{tile.kind}</span>}
    </button>
  );
}

export function CamStrip({ tiles, selected, onSelect, size = 64 }: CamStripProps) {
  return (
    <div className="flex gap-1 overflow-x-auto" role="list" aria-label="CAM per block">
      {tiles.map((t) => (
        <Tile key={t.name} tile={t} size={size} active={t.name === selected} onClick={onSelect && (() => onSelect(t.name))} />
      ))}
    </div>
  );
}
