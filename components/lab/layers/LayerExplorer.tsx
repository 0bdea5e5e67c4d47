"use client";
// Every tap of the last run: list, per-layer statistics, channel thumbnails and a large view.
import { useMemo, useState } from "react";
import type { RunResult, TapTensor } from "@/lib/runtime/protocol";
import { channelMap, mapGeometry } from "@/lib/runtime/tap-stats";
import { LayerList, stageLabel } from "./LayerList";
import { MapCanvas } from "./MapCanvas";
import { VIRIDIS_CSS } from "./colormap";

const PAGE = 48;

export function LayerExplorer({ result }: { result: RunResult }) {
  const [path, setPath] = useState<string>(result.taps[0]?.info.path ?? "");
  const tap = result.taps.find((t) => t.info.path === path) ?? result.taps[0];
  if (!tap) return <p className="text-sm text-slate-500">This model has no taps.</p>;
  return (
    <div data-testid="layer-explorer" className="grid gap-4 lg:grid-cols-[minmax(0,19rem)_minmax(0,1fr)]">
      <LayerList taps={result.taps} selected={tap.info.path} onSelect={setPath} />
      <LayerDetail key={`${result.runId}:${tap.info.path}`} tap={tap} />
    </div>
  );
}

function LayerDetail({ tap }: { tap: TapTensor }) {
  const geo = mapGeometry(tap.info, tap.dims);
  const [channel, setChannel] = useState(0);
  const [page, setPage] = useState(0);
  const pages = Math.ceil(geo.channels / PAGE);
  const first = page * PAGE;
  const thumbs = useMemo(
    () => Array.from({ length: Math.min(PAGE, geo.channels - first) }, (_, i) => channelMap(tap.info, tap.dims, tap.data, first + i)),
    [tap, geo.channels, first],
  );
  const big = useMemo(() => channelMap(tap.info, tap.dims, tap.data, channel), [tap, channel]);
  const s = tap.stats;
  const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(3));
  const pick = (c: number) => {
    const k = Math.max(0, Math.min(geo.channels - 1, c));
    setChannel(k);
    setPage(Math.floor(k / PAGE));
  };

  return (
    <div className="min-w-0 space-y-4">
      <div>
        <h3 className="font-mono text-sm font-semibold">{tap.info.path}</h3>
        <p className="text-xs text-slate-500">
          {stageLabel(tap.info.stage)}
          {tap.info.index >= 0 && ` · block ${tap.info.index}`} · {tap.info.kind} · {geo.channels} channels of {geo.height}×{geo.width}
        </p>
        <dl data-testid="layer-stats" className="mt-2 grid grid-cols-5 gap-1 text-center text-xs">
          {([["mean", s.mean], ["std", s.std], ["min", s.min], ["max", s.max]] as const).map(([k, v]) => (
            <div key={k} className="rounded-md bg-slate-100 px-1 py-1">
              <dt className="text-slate-500">{k}</dt>
              <dd className="font-mono" data-stat={k}>{fmt(v)}</dd>
            </div>
          ))}
          <div className="rounded-md bg-slate-100 px-1 py-1" title="share of values with |x| ≤ 1% of max |x|">
            <dt className="text-slate-500">|x|≈0</dt>
            <dd className="font-mono" data-stat="nearZero">{(100 * s.nearZero).toFixed(1)}%</dd>
          </div>
        </dl>
      </div>

      <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_14rem]">
        <div className="min-w-0">
          <div className="mb-1 flex items-center justify-between text-xs text-slate-500">
            <span>
              channels {first}–{first + thumbs.length - 1} of {geo.channels}
            </span>
            {pages > 1 && (
              <span className="flex gap-1">
                <button type="button" className="rounded border px-1.5 disabled:opacity-40" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  ‹
                </button>
                <button type="button" className="rounded border px-1.5 disabled:opacity-40" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
                  ›
                </button>
              </span>
            )}
          </div>
          <div data-testid="channel-grid" className="grid grid-cols-6 gap-1 sm:grid-cols-8">
            {thumbs.map((m, i) => (
              <button
                key={first + i}
                type="button"
                title={`channel ${first + i}`}
                onClick={() => pick(first + i)}
                className={`overflow-hidden rounded-sm ring-offset-1 ${first + i === channel ? "ring-2 ring-indigo-600" : "hover:ring-2 hover:ring-slate-300"}`}
              >
                <MapCanvas map={m} width={geo.width} height={geo.height} label={`channel ${first + i}`} className="block aspect-square w-full" />
              </button>
            ))}
          </div>
        </div>
        <div>
          <label className="flex items-center gap-2 text-xs text-slate-600">
            Channel
            <input
              data-testid="channel-picker"
              type="number"
              min={0}
              max={geo.channels - 1}
              value={channel}
              onChange={(e) => pick(Number(e.target.value))}
              className="w-16 rounded border border-slate-300 px-1 py-0.5 font-mono"
            />
            <input type="range" min={0} max={geo.channels - 1} value={channel} onChange={(e) => pick(Number(e.target.value))} className="min-w-0 flex-1" />
          </label>
          <MapCanvas map={big} width={geo.width} height={geo.height} label={`channel ${channel} large`} className="mt-2 block aspect-square w-full rounded-md" />
          <ChannelRange map={big} />
        </div>
      </div>
    </div>
  );
}

function ChannelRange({ map }: { map: Float32Array }) {
  let lo = Infinity, hi = -Infinity;
  for (const v of map) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return (
    <div className="mt-1">
      <div className="h-2 rounded-sm" style={{ background: VIRIDIS_CSS }} />
      <div className="flex justify-between font-mono text-[10px] text-slate-500">
        <span>{lo.toFixed(3)}</span>
        <span>{hi.toFixed(3)}</span>
      </div>
    </div>
  );
}
