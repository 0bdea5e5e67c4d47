// The ablation table (bench section "ablation", issue 17) must find each variant the training script ships:
// the config train-variant.sh trains (its CFG line, through the lab's config parser) and writes to the manifest
// (only what differs from S, as the script computes it) is matched by exactly one table row — the row that names
// that script — so a shipped variant's accuracy lands in its row and in the studio, never in a neighbour's.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ABLATION_ROWS, ablationFacts, failedLogPath, failedRun, formatAblation, variantKey } from "../../bench/ablation-rows";
import { configFromJson, nextvitPreset } from "../../lib/nextvit";
import { type Manifest, parseManifest } from "../../lib/runtime/manifest";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const script = readFileSync("training/train-variant.sh", "utf8");
const trainedS = manifest.models.find((m) => m.id === "nextvit-s-imagenette")!;
// The manifest without the variants that have shipped, so every row can be checked as untrained or as a made-up entry.
const onlyS: Manifest = { ...manifest, models: manifest.models.filter((m) => !/^nextvit-s-.+-imagenette$/.test(m.id)) };

function shippedWith(name: string, top1: number): Manifest {
  const cfgJson = new RegExp(`^\\s*${name}\\) CFG='([^']+)'`, "m").exec(script)?.[1];
  if (!cfgJson) throw new Error(`train-variant.sh has no CFG for ${name}`);
  const v = configFromJson(JSON.parse(cfgJson)), s = nextvitPreset("S");
  // train-variant.sh's EXPORT_CFG: the fields of mixBlockRatio and stages that differ from S.
  const config = Object.fromEntries((["mixBlockRatio", "stages"] as const).filter((k) => JSON.stringify(v[k]) !== JSON.stringify(s[k])).map((k) => [k, v[k]]));
  const entry = { ...trainedS, id: `nextvit-s-${name}-imagenette`, config, accuracy: { ...trainedS.accuracy!, top1 } };
  return { ...onlyS, models: [...onlyS.models, entry] };
}

describe("ablation table rows", () => {
  it("the shipped Next-ViT-S fills both of its rows; a shipped variant fills only its own", () => {
    const sRows = ABLATION_ROWS.filter((r) => r.script === null);
    expect(sRows.map((r) => r.table).sort()).toEqual(["r", "strategy"]);
    for (const r of sRows) expect(ablationFacts(r, manifest)).toMatchObject({ entryId: "nextvit-s-imagenette", top1: trainedS.accuracy!.top1 });
    expect(new Set(ABLATION_ROWS.map((r) => variantKey(r.variant))).size).toBe(6);
    for (const e of manifest.models.filter((m) => /^nextvit-s-.+-imagenette$/.test(m.id))) {
      const rows = ABLATION_ROWS.filter((r) => ablationFacts(r, manifest).entryId === e.id);
      expect(rows.map((r) => r.script), e.id).toEqual([e.id.split("-")[2]]);
      expect(ablationFacts(rows[0], manifest).top1).toBe(e.accuracy!.top1);
    }
  });

  it.each(ABLATION_ROWS.filter((r) => r.script !== null).map((r) => [r.script!, r.label]))("train-variant.sh %s lands in the row %s only", (name, label) => {
    const m = shippedWith(name, 77.7);
    const hits = ABLATION_ROWS.filter((r) => ablationFacts(r, m).entryId === `nextvit-s-${name}-imagenette`);
    expect(hits.map((r) => r.label)).toEqual([label]);
    expect(ablationFacts(hits[0], m).top1).toBe(77.7);
  });

  it("a diverged run (training/logs/failed/) is reported in its row, and only while the row has no trained entry", () => {
    const r50 = ABLATION_ROWS.find((r) => r.script === "r50")!;
    const path = failedLogPath(r50)!;
    const run = failedRun(path, JSON.parse(readFileSync(path, "utf8")))!;
    expect(run).toMatchObject({ log: "training/logs/failed/nextvit-s-r50-imagenette.json", stoppedAfter: 7, scheduled: 19 });
    expect(failedRun(path, JSON.parse(readFileSync("training/logs/nextvit-s-imagenette.json", "utf8")))).toBeNull(); // a run that finished
    const rows = ABLATION_ROWS.map((row) => ({ row, facts: ablationFacts(row, onlyS, row === r50 ? run : null), measured: { latencyMs: null, dlogaHigh: null, dlogaEnds: null } }));
    const line = formatAblation(rows, { threads: 2, photos: 8, res: 160 }).split("\n").find((l) => l.startsWith("| r = 0.5 |"))!;
    expect(line).toContain("| not trained |");
    expect(line).toContain("diverged: loss 1.92 → 2.27 (chance 2.30), stopped after epoch 7 of 19 (`training/logs/failed/nextvit-s-r50-imagenette.json`)");
    expect(ablationFacts(r50, shippedWith("r50", 70), run).failed).toBeNull(); // a later successful run wins
  });

  it("the markdown says which rows are untrained and prints measured figures", () => {
    const rows = ABLATION_ROWS.map((row) => ({ row, facts: ablationFacts(row, onlyS), measured: { latencyMs: row.script === null ? 512.34 : null, dlogaHigh: row.script === null ? -2.791 : null, dlogaEnds: null } }));
    const md = formatAblation(rows, { threads: 2, photos: 8, res: 160 });
    expect(md).toContain(`| r = 0.75 (Next-ViT-S) | 31.76 M | 5.79 G | ${trainedS.accuracy!.top1.toFixed(2)} % | 512.3 ms | −2.79 | nextvit-s-imagenette, ${trainedS.training!.recipeName}, ${trainedS.training!.epochs} epochs, ${trainedS.training!.wallMinutes.toFixed(0)} min |`);
    expect(trainedS.training!.recipe.startsWith(`${trainedS.training!.recipeName}: AdamW`)).toBe(true); // export.py writes both
    expect(md).toMatch(/\| r = 0 \(MHCA only\) \| [\d.]+ M \| [\d.]+ G \| not trained \| — \| — \| `train-variant.sh r0` \|/);
    expect(md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| variant")).length).toBe(ABLATION_ROWS.length);
  });

  it("the per-stage ΔlogA table lists every trained architecture once (Next-ViT-S is in both tables), stage by stage", () => {
    const m = shippedWith("r0", 80);
    const ends = (row: (typeof ABLATION_ROWS)[number]) => (row.script === null ? [-3.131, -3.094, -2.552, -1.764] : row.script === "r0" ? [-3.5, -3.2, -2.9, -1.2] : null);
    const rows = ABLATION_ROWS.map((row) => {
      const e = ends(row);
      return { row, facts: ablationFacts(row, m), measured: { latencyMs: null, dlogaHigh: e && e.reduce((a, b) => a + b, 0) / e.length, dlogaEnds: e } };
    });
    const md = formatAblation(rows, { threads: 2, photos: 8, res: 160 }).split("\n");
    const at = md.findIndex((l) => l.startsWith("High-frequency ΔlogA at the end of each stage"));
    expect(at).toBeGreaterThan(0);
    expect(md.slice(at + 2)).toEqual([
      "| variant | stage 1 | stage 2 | stage 3 | stage 4 | mean |",
      "|---|---|---|---|---|---|",
      "| r = 0 (MHCA only) | −3.50 | −3.20 | −2.90 | −1.20 | −2.70 |",
      "| Next-ViT-S (r = 0.75, NHS) | −3.13 | −3.09 | −2.55 | −1.76 | −2.64 |",
    ]);
    // Without per-stage figures (untrained rows only) there is no such table.
    const none = ABLATION_ROWS.map((row) => ({ row, facts: ablationFacts(row, onlyS), measured: { latencyMs: null, dlogaHigh: null, dlogaEnds: null } }));
    expect(formatAblation(none, { threads: 2, photos: 8, res: 160 })).not.toContain("at the end of each stage");
  });
});
