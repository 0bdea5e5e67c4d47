"use client";
// A row-major h×w map drawn into a canvas with a given colour domain (pixelated, scaled by CSS).
import { useEffect, useRef } from "react";

export function MapCanvas({ data, h, w, domain, colormap, label, testId }: {
  data: ArrayLike<number>; h: number; w: number; domain: [number, number]; colormap: (t: number) => string; label: string; testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    const [lo, hi] = domain;
    const span = hi - lo || 1;
    for (let i = 0; i < h * w; i++) {
      const c = colormap(Math.min(1, Math.max(0, (data[i] - lo) / span)));
      const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(c) ?? (/^#/.test(c) ? ["", ...[1, 3, 5].map((k) => String(parseInt(c.slice(k, k + 2), 16)))] : null);
      img.data[4 * i] = Number(m?.[1] ?? 0);
      img.data[4 * i + 1] = Number(m?.[2] ?? 0);
      img.data[4 * i + 2] = Number(m?.[3] ?? 0);
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [data, h, w, domain, colormap]);
  return <canvas ref={ref} width={w} height={h} aria-label={label} title={label} data-testid={testId} className="aspect-square w-full rounded-sm [image-rendering:pixelated]" />;
}
