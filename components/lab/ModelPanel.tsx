"use client";
// Model choice, input resolution, and "Load weights" from a file or a URL.
import { useState } from "react";
import type { ModelEntry } from "@/lib/runtime/manifest";
import type { ModelSummary, WeightsSource } from "@/lib/runtime/protocol";
import { TrainedInfo } from "./TrainedInfo";

interface Props {
  models: ModelEntry[];
  modelId: string;
  resolution: number;
  summary: ModelSummary | null;
  busy: boolean;
  onModel: (id: string) => void;
  onResolution: (r: number) => void;
  onWeights: (w: WeightsSource) => void;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const FAMILY_NAME: Record<ModelEntry["family"], string> = { nextvit: "Next-ViT", levit: "LeViT", resnet: "ResNet", swin: "Swin" };

export function ModelPanel({ models, modelId, resolution, summary, busy, onModel, onResolution, onWeights }: Props) {
  const entry = models.find((m) => m.id === modelId);
  const [url, setUrl] = useState("");
  // The summary of this entry (while another model loads, the old summary is still around).
  const own = summary && summary.modelId === modelId ? summary : null;
  // The manifest's own weights (random seed, or the shipped file whose sha256 the worker checked)
  // rather than weights the user loaded; before the first load, what the manifest promises.
  const fromManifest = !own || (entry?.weights.kind === "file" ? own.weightsSha256 === entry.weights.sha256 : own.untrained);
  const untrained = fromManifest && entry?.weights.kind === "random";
  const trained = fromManifest && entry?.weights.kind === "file";
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-2">
        <label className="text-xs font-medium text-slate-600">
          Model
          <select
            data-testid="model-select"
            value={modelId}
            disabled={busy}
            onChange={(e) => onModel(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Input
          <select
            data-testid="resolution-select"
            value={resolution}
            disabled={busy}
            onChange={(e) => onResolution(Number(e.target.value))}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {[...new Set([...(entry?.resolutions ?? []), resolution])].map((r) => (
              <option key={r} value={r}>
                {r}²
              </option>
            ))}
          </select>
        </label>
      </div>

      {untrained ? (
        <p data-testid="untrained-banner" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900">
          <strong>Untrained</strong> — architecture and latency only, predictions meaningless. Load real{" "}
          {FAMILY_NAME[entry?.family ?? "nextvit"]} weights below for real ImageNet predictions.
        </p>
      ) : trained && entry ? (
        <TrainedInfo entry={entry} sha256={own?.weightsSha256} />
      ) : own ? (
        <p className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-xs text-emerald-900">
          Weights: <span className="font-mono">{own.weightsName}</span> · {own.numClasses} classes
          {own.weightsSha256 && <span className="block truncate font-mono text-[10px]">sha256 {own.weightsSha256}</span>}
        </p>
      ) : null}

      <details className="text-xs text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">Load weights (.pth / .safetensors)</summary>
        <div className="mt-2 space-y-2">
          <label className="block">
            From a file
            <input
              data-testid="weights-file"
              type="file"
              accept=".pth,.pt,.bin,.safetensors"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) onWeights({ kind: "file", file });
                e.target.value = "";
              }}
              className="mt-1 block w-full text-xs file:mr-2 file:rounded file:border-0 file:bg-slate-200 file:px-2 file:py-1"
            />
          </label>
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (url.trim()) onWeights({ kind: "url", url: url.trim() });
            }}
          >
            <input
              data-testid="weights-url"
              type="url"
              placeholder="https://…/model.safetensors"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1"
            />
            <button type="submit" disabled={busy} className="rounded-md bg-slate-800 px-2 py-1 text-white disabled:opacity-50">
              Fetch
            </button>
          </form>
          <p>Official Next-ViT .pth or official/timm .safetensors; the size (S/B/L) is detected from the tensors.</p>
        </div>
      </details>

      {entry && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-600">
          <dt className="text-slate-400">Trained on</dt>
          <dd>{fromManifest ? entry.trainedOn ?? "nothing (random weights)" : "from the loaded checkpoint"}</dd>
          <dt className="text-slate-400">Accuracy</dt>
          <dd data-testid="model-accuracy">
            {!fromManifest ? (
              "not measured (your weights)"
            ) : entry.accuracy ? (
              <>
                <strong className="font-semibold text-slate-800">{entry.accuracy.top1.toFixed(1)}%</strong> top-1 on {entry.accuracy.dataset}
                <span className="block text-slate-400">{entry.accuracy.source}</span>
              </>
            ) : trained ? (
              "not measured yet"
            ) : (
              "n/a"
            )}
            {untrained && entry.paper && <span className="text-slate-400"> (trained{entry.size ? ` ${entry.size}` : ""}: {entry.paper.top1ImageNet}% ImageNet)</span>}
          </dd>
          <dt className="text-slate-400">Storage</dt>
          <dd>{entry.storage}</dd>
          {summary && (
            <>
              <dt className="text-slate-400">Graph</dt>
              <dd data-testid="graph-info">
                ONNX {mb(summary.onnxBytes)} · {summary.taps.length} taps · {summary.cached ? "from cache" : "compiled"} in{" "}
                {Math.round(summary.timings.total)} ms
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
