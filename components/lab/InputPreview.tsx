"use client";
// The chosen image next to the exact crop the model sees (the preprocessed tensor, de-normalised), shown as soon as the
// worker has preprocessed it: on a first visit the model is still loading then.
import { useEffect, useRef } from "react";
import { IMAGENET_MEAN, IMAGENET_STD } from "@/lib/image/preprocess";

export function InputPreview({ imageUrl, input, running }: { imageUrl: string | null; input: Float32Array | null; running: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c || !input) return;
    const S = Math.round(Math.sqrt(input.length / 3));
    c.width = S;
    c.height = S;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    const img = ctx.createImageData(S, S);
    for (let p = 0; p < S * S; p++) {
      for (let k = 0; k < 3; k++) img.data[p * 4 + k] = 255 * (input[k * S * S + p] * IMAGENET_STD[k] + IMAGENET_MEAN[k]);
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [input]);

  return (
    <div className="flex gap-3">
      <figure className="w-28 sm:w-36">
        <div className="flex aspect-square items-center justify-center overflow-hidden rounded-md bg-slate-100">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          {imageUrl ? <img src={imageUrl} alt="chosen" className="max-h-full max-w-full object-contain" /> : <span className="text-xs text-slate-400">no image</span>}
        </div>
        <figcaption className="mt-1 text-center text-[10px] text-slate-500">your image</figcaption>
      </figure>
      <figure className="w-28 sm:w-36">
        <div className={`aspect-square overflow-hidden rounded-md bg-slate-100 ${running ? "animate-pulse" : ""}`}>
          <canvas ref={ref} data-testid="model-input" className={`h-full w-full ${input ? "" : "invisible"}`} />
        </div>
        <figcaption className="mt-1 text-center text-[10px] text-slate-500">what the model sees</figcaption>
      </figure>
    </div>
  );
}
