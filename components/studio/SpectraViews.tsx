"use client";
// ΔlogA-vs-depth and the 2-D spectra grid, mounted from components/spectra. Depth: every model on one
// chart (shared axes; models differ by dash). Grid: one row per model, stage ends plus the selected layer,
// all rows on one colour domain.
import { DeltaLogACurves, DepthChart, SpectraGrid } from "@/components/spectra";
import { SERIES_DASH } from "@/components/spectra/types";
import { sharedRange, type TapSpectrum } from "@/lib/studio/spectra";

export interface SpectraPanel {
  key: string;
  label: string;
  color: string;
  spectra: TapSpectrum[] | null;
}

const fit = "[&>svg]:h-auto [&>svg]:w-full [&>svg]:max-w-full";

export function DepthView({ panels }: { panels: SpectraPanel[] }) {
  const ready = panels.filter((p) => p.spectra);
  if (ready.length === 0) return <p className="text-xs text-slate-500">Waiting for the first model…</p>;
  return (
    <figure>
      <div className={fit}>
        <DepthChart series={ready.map((p) => ({ id: p.key, label: p.label, taps: p.spectra!.map((s) => s.spectrum) }))} width={640} height={300} />
      </div>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-slate-600">
        {ready.map((p, i) => (
          <span key={p.key} className="inline-flex items-center gap-1">
            <svg width="26" height="8" aria-hidden><line x1="0" x2="26" y1="4" y2="4" stroke="#374151" strokeWidth="1.5" strokeDasharray={SERIES_DASH[i % SERIES_DASH.length]} /></svg>
            <span style={{ color: p.color }}>{p.label}</span>
          </span>
        ))}
        <span>bands: blue NCB, grey NTB (of the first model)</span>
      </figcaption>
    </figure>
  );
}

export function GridView({ panels, layer }: { panels: SpectraPanel[]; layer: string | null }) {
  const rows = panels.map((p) => ({ p, cols: (p.spectra ?? []).filter((s) => s.stageEnd || s.path === layer) }));
  const domain = sharedRange(rows.flatMap((r) => r.cols.flatMap((s) => Array.from(s.map.data))));
  return (
    <div className="space-y-2">
      {rows.map(({ p, cols }) => (
        <div key={p.key}>
          <p className="text-[11px] font-medium" style={{ color: p.color }}>{p.label}</p>
          {cols.length > 0 ? (
            <div className={`${fit} max-w-[560px]`}>
              <SpectraGrid taps={cols.map((s) => ({ ...s.spectrum, name: s.path.replace("features.", "f.") }))} domain={domain} columns={cols.length} cell={84} />
            </div>
          ) : <p className="text-[11px] text-slate-500">computing…</p>}
        </div>
      ))}
      <p className="text-[11px] text-slate-500">Centred mean ln|F|, DC in the middle; one colour domain for every map: {domain[0].toFixed(2)} … {domain[1].toFixed(2)}.</p>
    </div>
  );
}

/**
 * ΔlogA curves: one components/spectra chart per model, all on one y domain so panels side by side are
 * comparable; overlay puts every model on one chart (models differ by dash).
 */
export function CurvesView({ panels, overlay }: { panels: SpectraPanel[]; overlay: boolean }) {
  const ready = panels.filter((p) => p.spectra);
  const yDomain = sharedRange(ready.flatMap((p) => p.spectra!.flatMap((s) => s.dlogA)));
  const series = (p: SpectraPanel) => ({ id: p.key, label: p.label, taps: p.spectra!.map((s) => s.spectrum) });
  if (ready.length === 0) return <p className="text-xs text-slate-500">Waiting for the first model…</p>;
  if (overlay) return <div className={`${fit} max-w-[640px]`}><DeltaLogACurves series={ready.map(series)} yDomain={yDomain} width={640} height={300} /></div>;
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" data-testid="curves-domain" data-ymin={yDomain[0].toFixed(4)} data-ymax={yDomain[1].toFixed(4)}>
      {panels.map((p) => (
        <figure key={p.key} className="min-w-0">
          <figcaption className="truncate text-xs font-medium" style={{ color: p.color }}>{p.label}</figcaption>
          {p.spectra ? <div className={fit}><DeltaLogACurves series={[series(p)]} yDomain={yDomain} /></div> : <p className="text-[11px] text-slate-500">computing…</p>}
        </figure>
      ))}
      <p className="col-span-full text-[11px] text-slate-500">Colour = depth (dark: stem, yellow: last block). One y axis for every panel.</p>
    </div>
  );
}
