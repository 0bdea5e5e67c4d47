"use client";
// Which backend runs and why, plus progress in bytes for downloads.
import type { BackendInfo } from "@/lib/runtime/protocol";
import type { Progress } from "./useLab";

/** This page's link with `backend` set (the lab reads it on load). */
function withBackend(b: string): string {
  const url = new URL(window.location.href);
  url.searchParams.set("backend", b);
  return `${url.pathname}?${url.searchParams}`;
}

export function BackendBadge({ info }: { info: BackendInfo | null }) {
  if (!info) return <span className="text-xs text-slate-400">starting runtime…</span>;
  const gpu = info.backend === "webgpu";
  return (
    <span data-testid="backend" data-backend={info.backend} className="inline-flex flex-wrap items-center gap-x-2 text-xs" title={info.reason}>
      <span className={`rounded-full px-2 py-0.5 font-semibold ${gpu ? "bg-emerald-100 text-emerald-800" : "bg-sky-100 text-sky-800"}`}>
        {gpu ? "WebGPU" : `WASM · ${info.threads ?? 1} thread${info.threads === 1 ? "" : "s"}`}
      </span>
      <span className="text-slate-500">
        {gpu ? info.adapter : info.reason}
        {!gpu && !info.crossOriginIsolated && " (not cross-origin isolated: 1 thread)"}
      </span>
      {info.softwareAdapter && (
        <a href={withBackend("webgpu")} data-testid="use-webgpu" className="text-indigo-700 underline">use WebGPU anyway</a>
      )}
    </span>
  );
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);

export function ProgressBar({ progress }: { progress: Progress | null }) {
  if (!progress) return null;
  const { phase, loaded, total } = progress;
  const pct = total > 0 ? Math.min(100, (100 * loaded) / total) : null;
  return (
    <div data-testid="progress" className="space-y-1">
      <div className="flex justify-between text-xs text-slate-600">
        <span>{phase}…</span>
        {loaded > 0 && <span className="font-mono">{total > 0 ? `${fmt(loaded)} / ${fmt(total)}` : fmt(loaded)}</span>}
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-slate-200">
        <div
          className={`h-full bg-indigo-500 ${pct === null ? "w-1/3 animate-pulse" : ""}`}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
