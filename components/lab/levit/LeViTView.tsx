"use client";
// LeViT's own view: for one attention block, the learned bias of each head as a function of
// the offset (|dy|, |dx|) between query and key, the attention of a chosen query (click the
// input), and the 2-D spectrum of the block's output next to them.
import { useMemo, useState } from "react";
import { biasOffsetMap } from "@/lib/levit/bias";
import { meanLogAmplitude } from "@/lib/analysis/spectrum";
import type { LabViewProps } from "../view-types";
import { MapCanvas } from "../layers/MapCanvas";
import { QueryCanvas } from "./QueryCanvas";
import { attentionRow, levitAttentions, queryAt } from "./attention-data";

function Figure({ title, note, children }: { title: string; note: string; children: React.ReactNode }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium text-slate-700">
        {title} <span className="font-normal text-slate-400">· {note}</span>
      </figcaption>
      {children}
    </figure>
  );
}

export function LeViTView({ result, summary }: LabViewProps) {
  const blocks = useMemo(() => levitAttentions(result.aux), [result.aux]);
  const [blockIdx, setBlockIdx] = useState(0);
  const [pick, setPick] = useState<[number, number]>([0.5, 0.5]);
  const a = blocks[Math.min(blockIdx, blocks.length - 1)];
  const query = a ? queryAt(pick[0], pick[1], a.querySide) : 0;
  const rows = useMemo(() => (a ? Array.from({ length: a.heads }, (_, h) => attentionRow(a, h, query)) : []), [a, query]);
  const mean = useMemo(() => {
    const m = new Float32Array(rows[0]?.length ?? 0);
    for (const r of rows) for (let k = 0; k < m.length; k++) m[k] += r[k] / rows.length;
    return m;
  }, [rows]);
  const biases = useMemo(() => (a ? Array.from({ length: a.heads }, (_, h) => biasOffsetMap(a.bias, a.heads, a.keySide, h)) : []), [a]);
  const spectrum = useMemo(() => {
    const t = a && result.taps.find((x) => x.info.path === a.block);
    if (!t) return null;
    const s = meanLogAmplitude({ data: t.data, dims: t.dims, layout: t.info.layout, grid: t.info.grid });
    return { ...s, map: Float32Array.from(s.map) };
  }, [a, result.taps]);

  if (!a) return <p className="text-sm text-slate-500">This model has no LeViT attention outputs.</p>;
  const qy = Math.floor(query / a.querySide), qx = query % a.querySide;
  const cell = "w-full rounded border border-slate-200";
  return (
    <div data-testid="levit-view" className="space-y-4">
      <div className="flex flex-wrap gap-1" role="radiogroup" aria-label="attention block">
        {blocks.map((b, i) => (
          <button key={b.block} type="button" role="radio" aria-checked={b === a} onClick={() => setBlockIdx(i)}
            className={`rounded-md border px-2 py-0.5 text-xs ${b === a ? "border-indigo-600 bg-indigo-50 text-indigo-800" : "border-slate-300 text-slate-600 hover:bg-slate-50"}`}>
            {b.block} · {b.keySide}²{b.querySide !== b.keySide ? `→${b.querySide}²` : ""} · {b.heads}h
          </button>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-[15rem_minmax(0,1fr)_11rem]">
        <Figure title="Query" note="click the input">
          <QueryCanvas input={result.input} size={summary.resolution} overlay={mean} keySide={a.keySide} querySide={a.querySide} query={query}
            onPick={(fx, fy) => setPick([fx, fy])} />
          <p data-testid="levit-query-label" className="mt-1 text-xs text-slate-500">
            query ({qy}, {qx}) of {a.querySide}×{a.querySide}; overlay: mean attention of the {a.heads} heads over {a.keySide}×{a.keySide} keys
          </p>
        </Figure>
        <Figure title={`Attention of query (${qy}, ${qx})`} note="softmax over keys, one map per head, own scale">
          <div className="grid max-w-[30rem] grid-cols-4 gap-2">
            {rows.map((r, h) => (
              <div key={h} data-testid="levit-attention-map" className="text-center text-[11px] text-slate-500">
                <MapCanvas map={r} width={a.keySide} height={a.keySide} className={cell} label={`attention head ${h}`} />
                head {h}
              </div>
            ))}
          </div>
        </Figure>
        {spectrum && (
          <Figure title="Spectrum" note={`${a.block} output`}>
            <MapCanvas map={spectrum.map} width={spectrum.w} height={spectrum.h} className={cell} label={`spectrum of ${a.block}`} />
            <p className="mt-1 text-xs text-slate-500">centred mean ln|F| of every channel, DC in the middle</p>
          </Figure>
        )}
      </div>
      <Figure title="Attention bias per head" note={`B(|dy|, |dx|) on a ${2 * a.keySide - 1}² offset grid, zero offset in the centre`}>
        <div className="grid grid-cols-4 gap-2 sm:grid-cols-6 lg:grid-cols-8">
          {biases.map((b, h) => (
            <div key={h} data-testid="levit-bias-map" className="text-center text-[11px] text-slate-500">
              <MapCanvas map={b.data} width={b.side} height={b.side} className={cell} label={`bias head ${h}`} />
              head {h}
            </div>
          ))}
        </div>
      </Figure>
      <p className="text-xs text-slate-400">
        {summary.untrained ? "Untrained weights: biases and attention show the random initialisation, not learned structure." : `Weights: ${summary.weightsName}.`}
      </p>
    </div>
  );
}
