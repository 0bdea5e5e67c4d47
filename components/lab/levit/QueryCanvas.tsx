"use client";
// The model's input (contrast-stretched per channel) with the mean attention of the chosen
// query over it; a click picks the query on the block's query grid.
import { useEffect, useRef } from "react";

function inputPixels(input: Float32Array, size: number): Uint8ClampedArray<ArrayBuffer> {
  const hw = size * size, px = new Uint8ClampedArray(hw * 4);
  for (let c = 0; c < 3; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < hw; i++) {
      const v = input[c * hw + i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    for (let i = 0; i < hw; i++) px[i * 4 + c] = (255 * (input[c * hw + i] - lo)) / span;
  }
  for (let i = 0; i < hw; i++) px[i * 4 + 3] = 255;
  return px;
}

export function QueryCanvas(props: {
  input: Float32Array; size: number; overlay: Float32Array; keySide: number; querySide: number; query: number;
  onPick: (fx: number, fy: number) => void;
}) {
  const { input, size, overlay, keySide, querySide, query, onPick } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    canvas.width = size;
    canvas.height = size;
    ctx.putImageData(new ImageData(inputPixels(input, size), size, size), 0, 0);
    // Min-max scaled so that the least-attended keys stay clear and the image shows through.
    let lo = Infinity, hi = -Infinity;
    for (const v of overlay) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const cell = size / keySide;
    for (let k = 0; k < overlay.length; k++) {
      ctx.fillStyle = `rgba(255, 196, 0, ${(0.7 * (overlay[k] - lo)) / (hi - lo || 1)})`;
      ctx.fillRect((k % keySide) * cell, Math.floor(k / keySide) * cell, cell, cell);
    }
    const q = size / querySide;
    ctx.strokeStyle = "#e11d48";
    ctx.lineWidth = Math.max(2, size / 112);
    ctx.strokeRect((query % querySide) * q, Math.floor(query / querySide) * q, q, q);
  }, [input, size, overlay, keySide, querySide, query]);
  return (
    <canvas
      ref={ref}
      data-testid="levit-query-canvas"
      aria-label="input image: click to choose the query position"
      className="aspect-square w-full max-w-[15rem] cursor-crosshair rounded border border-slate-200"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        onPick((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
      }}
    />
  );
}
