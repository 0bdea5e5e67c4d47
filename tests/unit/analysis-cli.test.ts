import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSpectra } from "@/bin/commands/spectra";
import type { SpectraJson } from "@/lib/analysis/export";
import { readFixtureTensors, referenceDeltaLogA } from "./analysis-reference";

const FIXTURE = "tests/fixtures/nextvit-mini/nextvit-mini.io.224x224.safetensors";
const dir = mkdtempSync(join(tmpdir(), "lab-spectra-"));

describe("lab spectra", () => {
  it("writes ΔlogA, frequencies, centred map and variance for every matching NCHW tensor, stem first", () => {
    const out = join(dir, "s.json");
    const r = runSpectra({ in: FIXTURE, out, match: "^(stem|features\\.\\d+)$" });
    expect(r.tensors).toEqual(["stem", ...Array.from({ length: 8 }, (_, i) => `features.${i}`)]);
    const json = JSON.parse(readFileSync(out, "utf8")) as SpectraJson;
    const f7 = json.tensors.find((t) => t.name === "features.7")!;
    const t = readFixtureTensors(FIXTURE).get("features.7")!;
    const ref = referenceDeltaLogA(t.data, 1024, 7);
    f7.dlogA.forEach((x, k) => expect(x).toBeCloseTo(ref.dlogA[k], 9));
    expect(f7.freq).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(f7.freqTrue).toEqual([0, 2 / 7, 4 / 7, 6 / 7]);
    expect(f7.logAmplitude).toHaveLength(7);
    expect(f7.logAmplitude[3][3]).toBeCloseTo(ref.mean[3 * 7 + 3], 9);
    expect(json.tensors.map((x) => x.depth)).toEqual(r.tensors.map((_, i) => i / 8));
  });

  it("skips non-NCHW tensors and names them", () => {
    const r = runSpectra({ in: FIXTURE, out: join(dir, "all.json") });
    expect(r.skipped.some((s) => s.startsWith("logits "))).toBe(true);
    expect(r.tensors).toContain("grad.features.3");
  });

  it("bad input fails with one line naming the problem and the way out", () => {
    const junk = join(dir, "junk.safetensors");
    writeFileSync(junk, "not a safetensors file");
    expect(() => runSpectra({ in: join(dir, "missing.safetensors"), out: join(dir, "x.json") })).toThrow(/no such file/);
    expect(() => runSpectra({ in: junk, out: join(dir, "x.json") })).toThrow(/not a readable safetensors file/);
    expect(() => runSpectra({ in: FIXTURE, out: join(dir, "nope", "x.json") })).toThrow(/does not exist/);
    expect(() => runSpectra({ in: FIXTURE, out: join(dir, "x.json"), match: "(" })).toThrow(/regular expression/);
    expect(() => runSpectra({ in: FIXTURE, out: join(dir, "x.json"), match: "zzz" })).toThrow(/no float NCHW tensors/);
  });
});
