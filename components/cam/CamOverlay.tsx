"use client";
// The input image with a CAM heat map (jet) blended on top, and an opacity slider.
// Controlled (opacity + onOpacityChange) or uncontrolled (internal state).
import { useEffect, useRef, useState } from "react";
import { overlayCam } from "@/lib/analysis/cam/colormap";

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface CamOverlayProps {
  image: RgbaImage;
  /** CAM in [0, 1] at the image's size (computeCam(method, input, image.height, image.width).maps). */
  cam: Float32Array | null;
  opacity?: number;
  onOpacityChange?: (opacity: number) => void;
  /** Displayed size in CSS pixels (default: the image's own size). */
  size?: number;
  label?: string;
}

export function CamOverlay({ image, cam, opacity, onOpacityChange, size, label = "Grad-CAM" }: CamOverlayProps) {
  const [own, setOwn] = useState(0.5);
  const alpha = opacity ?? own;
  const canvas = useRef<HTMLCanvasElement>(null);
  const mismatch = cam !== null && cam.length !== image.width * image.height;
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const pixels = cam && !mismatch ? overlayCam(image.data, cam, alpha) : image.data;
    const img = ctx.createImageData(image.width, image.height);
    img.data.set(pixels);
    ctx.putImageData(img, 0, 0);
  }, [image, cam, alpha, mismatch]);
  const set = (v: number) => (onOpacityChange ? onOpacityChange(v) : setOwn(v));
  return (
    <figure className="inline-flex flex-col gap-1">
      <canvas ref={canvas} width={image.width} height={image.height} aria-label={`${label} over the input image`}
        style={{ width: size ?? image.width, height: ((size ?? image.width) * image.height) / image.width, imageRendering: "auto" }} />
      {mismatch && <p className="text-xs text-red-700">CAM is {cam!.length} pixels, image is {image.width}×{image.height}: resize the CAM to the image first.</p>}
      <label className="flex items-center gap-2 text-xs text-gray-700">
        Opacity
        <input type="range" min={0} max={1} step={0.05} value={alpha} onChange={(e) => set(Number(e.target.value))} aria-label="CAM opacity" />
        <span className="tabular-nums">{Math.round(alpha * 100)}%</span>
      </label>
    </figure>
  );
}
