"use client";
import type { TapTensor } from "@/lib/runtime/protocol";
import { shapeLabel } from "@/lib/runtime/tap-stats";

export function stageLabel(stage: number): string {
  return stage < 0 ? "stem" : `stage ${stage + 1}`;
}


export function LayerList({ taps, selected, onSelect }: { taps: TapTensor[]; selected: string; onSelect: (path: string) => void }) {
  return (
    <div className="max-h-72 overflow-auto rounded-md border border-slate-200 lg:max-h-[34rem]">
      <table data-testid="layer-list" className="w-full text-left text-xs">
        <thead className="sticky top-0 bg-slate-100 text-slate-500">
          <tr>
            <th className="px-2 py-1 font-medium">Tap</th>
            <th className="px-2 py-1 font-medium" title="stage">St.</th>
            <th className="px-2 py-1 font-medium">Kind</th>
            <th className="px-2 py-1 text-right font-medium">Shape</th>
          </tr>
        </thead>
        <tbody>
          {taps.map((t) => (
            <tr
              key={t.info.path}
              data-testid="layer-row"
              data-path={t.info.path}
              aria-selected={t.info.path === selected}
              onClick={() => onSelect(t.info.path)}
              className={`cursor-pointer border-t border-slate-100 ${t.info.path === selected ? "bg-indigo-50 text-indigo-900" : "hover:bg-slate-50"}`}
            >
              <td className="px-2 py-1 font-mono">{t.info.path}</td>
              <td className="px-2 py-1 whitespace-nowrap text-slate-500">{t.info.stage < 0 ? "–" : t.info.stage + 1}</td>
              <td className="px-2 py-1">
                <span className={`rounded px-1 py-0.5 text-[10px] font-semibold ${kindColour(t.info.kind)}`}>{t.info.kind}</span>
              </td>
              <td className="px-2 py-1 text-right font-mono whitespace-nowrap text-slate-500" title={t.dims.join("×")}>
                {shapeLabel(t.dims)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function kindColour(kind: string): string {
  if (kind === "NTB") return "bg-violet-100 text-violet-800";
  if (kind === "NCB") return "bg-sky-100 text-sky-800";
  if (kind === "stem") return "bg-slate-200 text-slate-700";
  return "bg-amber-100 text-amber-800";
}
