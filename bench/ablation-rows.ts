// The rows of the README's ablation tables (issue 17), laid out like the paper's: the NTB shrink ratio r with
// NHS fixed, and the stage-wise hybrid strategies with r = 0.75 fixed, all on Next-ViT-S's stages and widths.
// Pure: which variants, what the manifest says about each, and the markdown. bench/ablation.ts measures.
import { nextvitPreset } from "../lib/nextvit/config";
import { strategyStages } from "../lib/nextvit/strategies";
import type { Manifest } from "../lib/runtime/manifest";
import { modelCost } from "../lib/studio/cost";
import type { StagePattern, Variant } from "../lib/studio/variant";
import { weightsStatus } from "../lib/studio/weights";

export interface AblationRow {
  table: "r" | "strategy";
  /** The paper's name for the row. */
  label: string;
  /** `bash training/train-variant.sh <script>` trains it (null: the shipped Next-ViT-S, retrain-nextvit-s.sh). */
  script: string | null;
  variant: Variant;
}

const S = (rPct: number, strategy = "NHS-N4"): Variant => ({ size: "S", rPct, stages: strategyStages(strategy, nextvitPreset("S")) as StagePattern });

export const ABLATION_ROWS: readonly AblationRow[] = [
  { table: "r", label: "r = 0 (MHCA only)", script: "r0", variant: S(0) },
  { table: "r", label: "r = 0.5", script: "r50", variant: S(50) },
  { table: "r", label: "r = 0.75 (Next-ViT-S)", script: null, variant: S(75) },
  { table: "r", label: "r = 1 (E-MHSA only)", script: "r100", variant: S(100) },
  { table: "strategy", label: "C-C-C-T", script: "ccct", variant: S(75, "C-C-C-T") },
  { table: "strategy", label: "C-T-T-T", script: "cttt", variant: S(75, "C-T-T-T") },
  { table: "strategy", label: "NHS (Next-ViT-S)", script: null, variant: S(75) },
];

/** One key per distinct architecture (Next-ViT-S is in both tables, measured once). */
export const variantKey = (v: Variant) => `${v.size}${v.rPct}-${v.stages.join(".")}`;

export interface AblationFacts {
  params: number | null;
  macs224: number | null;
  /** Imagenette val top-1 from the manifest (measured by `npm run lab -- eval` when the variant shipped). */
  top1: number | null;
  entryId: string | null;
  trainedMinutes: number | null;
  trainedEpochs: number | null;
  /** The recipe's name (training/recipes.py): rows trained under different recipes do not compare. */
  recipe: string | null;
  /** An untrained row whose run diverged (training/divergence.py): where it stopped, and its log. */
  failed: FailedRun | null;
}

export interface FailedRun {
  log: string; // path in the repository
  stoppedAfter: number;
  scheduled: number;
  losses: number[];
}

/** A log in training/logs/failed/ (train.py's JSON), as the table reports it; null if it is not one. */
export function failedRun(path: string, log: unknown): FailedRun | null {
  const l = log as { epochs?: { loss: number }[]; schedule?: unknown[]; diverged?: { after_epoch: number } };
  if (!l?.diverged || !Array.isArray(l.epochs) || !Array.isArray(l.schedule)) return null;
  return { log: path, stoppedAfter: l.diverged.after_epoch, scheduled: l.schedule.length, losses: l.epochs.map((e) => e.loss) };
}

/** Where train-variant.sh leaves a variant's diverged run (training/ship.sh). */
export const failedLogPath = (row: AblationRow) => (row.script ? `training/logs/failed/nextvit-s-${row.script}-imagenette.json` : null);

export function ablationFacts(row: AblationRow, manifest: Manifest, failed: FailedRun | null = null): AblationFacts {
  const cost = modelCost({ kind: "variant", variant: row.variant }, 224);
  const w = weightsStatus({ kind: "variant", variant: row.variant }, manifest);
  const training = w.trained ? (w.entry?.training as { wallMinutes?: number; epochs?: number; recipeName?: string } | undefined) : undefined;
  return {
    params: cost.params,
    macs224: cost.macs,
    top1: w.imagenetteTop1,
    entryId: w.trained ? (w.entry?.id ?? null) : null,
    trainedMinutes: training?.wallMinutes ?? null,
    trainedEpochs: training?.epochs ?? null,
    recipe: training?.recipeName ?? null,
    failed: w.trained ? null : failed,
  };
}

export interface AblationMeasured {
  latencyMs: number | null;
  /** Stage-end high-frequency ΔlogA of the trained weights over the gallery, their mean (null: untrained). */
  dlogaHigh: number | null;
  /** The same at the end of each stage, stages 1…4 (null: untrained), for the per-stage table. */
  dlogaEnds: number[] | null;
}

const f = (x: number | null, d: number, unit = "") => (x === null || !Number.isFinite(x) ? "—" : `${x.toFixed(d)}${unit}`);
const minus = (s: string) => s.replace("-", "−");

function trainedWith(row: AblationRow, facts: AblationFacts): string {
  if (facts.entryId) return `${facts.entryId}, ${facts.recipe ?? "recipe not recorded"}, ${f(facts.trainedEpochs, 0)} epochs, ${f(facts.trainedMinutes, 0)} min`;
  const x = facts.failed;
  if (x) {
    const low = Math.min(...x.losses);
    return `diverged: loss ${low.toFixed(2)} → ${x.losses[x.losses.length - 1].toFixed(2)} (chance ${Math.log(10).toFixed(2)}), stopped after epoch ${x.stoppedAfter} of ${x.scheduled} (\`${x.log}\`)`;
  }
  return row.script ? `\`train-variant.sh ${row.script}\`` : "`retrain-nextvit-s.sh`";
}

/** The two markdown tables; the paper's ImageNet columns are left for the PDF (no stored source has them). */
export function formatAblation(rows: readonly { row: AblationRow; facts: AblationFacts; measured: AblationMeasured }[], ctx: { threads: number; photos: number; res: number }): string {
  const head = `| ${"variant"} | params | MACs 224² | Imagenette top-1 (lab eval) | latency WASM 224² (${ctx.threads} thr.) | high-freq ΔlogA, stage-end mean (${ctx.photos} gallery photos, ${ctx.res}²) | trained with |\n|---|---|---|---|---|---|---|`;
  const line = ({ row, facts, measured }: (typeof rows)[number]) =>
    `| ${row.label} | ${f(facts.params && facts.params / 1e6, 2, " M")} | ${f(facts.macs224 && facts.macs224 / 1e9, 2, " G")} | ${facts.top1 === null ? "not trained" : `${facts.top1.toFixed(2)} %`} | ${f(measured.latencyMs, 1, " ms")} | ${minus(f(measured.dlogaHigh, 2))} | ${trainedWith(row, facts)} |`;
  const table = (t: AblationRow["table"], title: string) => [title, "", head, ...rows.filter((r) => r.row.table === t).map(line)].join("\n");
  return [
    table("r", "NTB shrink ratio r (NHS fixed; the paper's S has r = 0.75)"),
    "",
    table("strategy", "Hybrid strategy (r = 0.75 fixed): NTBs only in the last stage(s) against the Next Hybrid Strategy"),
    ...stageTable(rows, ctx),
  ].join("\n");
}

/** Per-stage ΔlogA of every trained architecture (Next-ViT-S once): where the stage-end mean comes from, so the
 * README can say stage by stage whether more E-MHSA (larger r) or more NTBs lower the high frequencies. */
function stageTable(rows: readonly { row: AblationRow; measured: AblationMeasured }[], ctx: { photos: number; res: number }): string[] {
  const seen = new Set<string>();
  const trained = rows.filter(({ row, measured }) => {
    const key = variantKey(row.variant);
    if (!measured.dlogaEnds || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (trained.length === 0) return [];
  const n = Math.max(...trained.map((r) => r.measured.dlogaEnds!.length));
  const stages = Array.from({ length: n }, (_, i) => `stage ${i + 1}`);
  const name = (row: AblationRow) => (row.script === null ? "Next-ViT-S (r = 0.75, NHS)" : row.label);
  return [
    "",
    `High-frequency ΔlogA at the end of each stage, trained rows (${ctx.photos} gallery photos, ${ctx.res}²; lower = less high-frequency amplitude)`,
    "",
    `| variant | ${stages.join(" | ")} | mean |`,
    `|---|${stages.map(() => "---|").join("")}---|`,
    ...trained.map(({ row, measured }) => `| ${name(row)} | ${measured.dlogaEnds!.map((x) => minus(f(x, 2))).join(" | ")} | ${minus(f(measured.dlogaHigh, 2))} |`),
  ];
}
