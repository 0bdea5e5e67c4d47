"use client";
// Builder for one studio model: size, shrink ratio r, hybrid-strategy preset and the per-stage pattern.
import { useEffect, useState } from "react";
import { formatMacs, formatParams, type Cost } from "@/lib/studio/cost";
import type { WeightsStatus } from "@/lib/studio/weights";
import {
  findPreset, matchPreset, PATTERN_PRESETS, R_PRESETS, SIZES, variantLabel, type ModelRef, type Size, type Variant,
} from "@/lib/studio/variant";
import { PatternEditor } from "./PatternEditor";

interface Props {
  index: number;
  ref_: ModelRef;
  color: string;
  cost: Cost;
  weights: WeightsStatus;
  res: number;
  canRemove: boolean;
  onChange: (r: ModelRef) => void;
  onRemove: () => void;
}

export function VariantCard({ index, ref_, color, cost, weights, res, canRemove, onChange, onRemove }: Props) {
  const tid = `variant-${index}`;
  const v = ref_.kind === "variant" ? ref_.variant : null;
  const [rDraft, setRDraft] = useState(v?.rPct ?? 75);
  useEffect(() => setRDraft(v?.rPct ?? 75), [v?.rPct]);
  const set = (patch: Partial<Variant>) => v && onChange({ kind: "variant", variant: { ...v, ...patch } });
  const preset = v ? matchPreset(v) : undefined;

  return (
    <section data-testid={tid} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" style={{ borderTopColor: color, borderTopWidth: 4 }}>
      <header className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold" title={v ? variantLabel(v) : undefined}>
          {v ? `Next-ViT-${v.size}` : ref_.kind === "model" ? ref_.id : ""} <span className="font-normal text-slate-500">#{index + 1}</span>
        </h3>
        {canRemove && (
          <button type="button" onClick={onRemove} className="text-xs text-slate-500 hover:text-rose-600" data-testid={`${tid}-remove`}>
            remove
          </button>
        )}
      </header>
      {v && (
        <div className="space-y-2 text-xs">
          <div className="flex items-center gap-1" role="group" aria-label="size">
            {SIZES.map((s: Size) => (
              <button key={s} type="button" onClick={() => set({ size: s, stages: (preset ?? findPreset("nhs4")!).stages(s) })}
                data-testid={`${tid}-size-${s}`}
                className={`rounded px-2 py-0.5 ${v.size === s ? "bg-slate-800 text-white" : "bg-slate-100 hover:bg-slate-200"}`}>
                {s}
              </button>
            ))}
            <select value={preset?.id ?? ""} onChange={(e) => { const p = findPreset(e.target.value); if (p) set({ stages: p.stages(v.size) }); }}
              data-testid={`${tid}-preset`} className="ml-auto rounded border border-slate-300 bg-white px-1 py-0.5" aria-label="hybrid strategy preset">
              {!preset && <option value="">custom pattern</option>}
              {PATTERN_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
          </div>
          <label className="flex items-center gap-2">
            <span className="w-14 shrink-0">r = <b data-testid={`${tid}-r`}>{(rDraft / 100).toFixed(2)}</b></span>
            <input type="range" min={0} max={100} step={1} value={rDraft} aria-label="shrink ratio r" data-testid={`${tid}-r-slider`}
              onChange={(e) => setRDraft(Number(e.target.value))}
              onPointerUp={() => rDraft !== v.rPct && set({ rPct: rDraft })}
              onKeyUp={() => rDraft !== v.rPct && set({ rPct: rDraft })}
              onBlur={() => rDraft !== v.rPct && set({ rPct: rDraft })}
              className="flex-1 accent-slate-700" />
          </label>
          <div className="flex gap-1">
            {R_PRESETS.map((p) => (
              <button key={p} type="button" onClick={() => set({ rPct: p })} data-testid={`${tid}-r-${p}`}
                className={`rounded px-1.5 py-0.5 ${v.rPct === p ? "bg-slate-800 text-white" : "bg-slate-100 hover:bg-slate-200"}`}>
                {(p / 100).toFixed(2)}
              </button>
            ))}
          </div>
          <PatternEditor stages={v.stages} onChange={(stages) => set({ stages })} testId={tid} />
        </div>
      )}
      <dl className="mt-2 grid grid-cols-2 gap-x-2 text-xs">
        <dt className="text-slate-500">params</dt>
        <dd data-testid={`${tid}-params`} className="tabular-nums">{formatParams(cost.params)}</dd>
        <dt className="text-slate-500">MACs @{res}²</dt>
        <dd data-testid={`${tid}-macs`} className="tabular-nums">{formatMacs(cost.macs)}</dd>
      </dl>
      {cost.error && <p className="mt-1 text-xs text-rose-700">{cost.error}</p>}
      <p data-testid={`${tid}-weights`} className={`mt-2 rounded px-2 py-1 text-[11px] ${weights.trained ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
        {weights.trained ? `Trained: ${weights.label}` : `Untrained — ${weights.label}`}
      </p>
    </section>
  );
}
