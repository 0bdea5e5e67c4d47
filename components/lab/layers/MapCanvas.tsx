"use client";
import { useEffect, useRef } from "react";
import { paintMap } from "./colormap";

export function MapCanvas({ map, width, height, className, label }: { map: Float32Array; width: number; height: number; className?: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintMap(ref.current, map, width, height);
  }, [map, width, height]);
  return <canvas ref={ref} aria-label={label} className={className} style={{ imageRendering: "pixelated" }} />;
}
