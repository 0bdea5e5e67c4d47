"use client";
// One channel of the selected layer for every model, side by side (each map on its own min–max scale).
import { interpolateGreys } from "d3";
import { toPlanes } from "@/lib/analysis/activation";
import type { TapInput } from "@/lib/studio/spectra";
import { MapCanvas } from "./charts/MapCanvas";

const grey = (t: number) => interpolateGreys(1 - t);

export function channelPlane(tap: TapInput, channel: number): { h: number; w: number; data: Float32Array | Float64Array; channels: number } {
  const v = toPlanes({ data: tap.data, dims: tap.dims, layout: tap.info.layout, grid: tap.info.grid });
  const c = Math.min(channel, v.channels - 1);
  const n = v.h * v.w;
  return { h: v.h, w: v.w, data: v.planes.subarray(c * n, (c + 1) * n), channels: v.channels };
}

export function ChannelView({ items, layer, channel }: { items: { key: string; label: string; color: string; tap: TapInput | null }[]; layer: string; channel: number }) {
  return (
    <div className="grid max-w-[560px] grid-cols-3 gap-2 sm:grid-cols-4">
      {items.map(({ key, label, color, tap }) => {
        if (!tap) return <p key={key} className="text-xs text-slate-500">{label}: no tap {layer}</p>;
        const p = channelPlane(tap, channel);
        let lo = Infinity, hi = -Infinity;
        for (const x of p.data) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
        return (
          <figure key={key} className="min-w-0">
            <MapCanvas data={p.data} h={p.h} w={p.w} domain={[lo, hi]} colormap={grey} label={`${label} ${layer} channel ${channel}`} />
            <figcaption className="truncate text-[10px]" style={{ color }}>
              {label}: ch {Math.min(channel, p.channels - 1)} of {p.channels}, {p.h}×{p.w}
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
