// `npm run lab -- infer` end to end: the written logits and taps match the official
// fixture, and bad input exits non-zero with one line naming the problem.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { maxRelErr } from "../helpers/ort-node";

const run = promisify(execFile);
const F = "tests/fixtures/nextvit-mini";
const dir = mkdtempSync(join(tmpdir(), "lab-infer-"));

async function lab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run("npx", ["tsx", "bin/lab.ts", "infer", ...args], { encoding: "utf8" });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe("lab infer", () => {
  it("writes logits and the requested taps matching the official fixture (folded graph)", async () => {
    const out = join(dir, "o.safetensors");
    const r = await lab(["--config", `${F}/nextvit-mini.json`, "--weights", `${F}/nextvit-mini.official.safetensors`,
      "--input", `${F}/nextvit-mini.io.160x192.safetensors`, "--taps", "stem,features.6,features.6.e_mhsa", "--fold", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const got = readSafetensors(new Uint8Array(readFileSync(out))).tensors;
    const ref = readSafetensors(new Uint8Array(readFileSync(`${F}/nextvit-mini.io.160x192.safetensors`))).tensors;
    expect([...got.keys()].sort()).toEqual(["features.6", "features.6.e_mhsa", "logits", "stem"]);
    for (const k of ["logits", "stem", "features.6"])
      expect(maxRelErr(got.get(k)!.data as Float32Array, ref.get(k)!.data as Float32Array), k).toBeLessThanOrEqual(1e-4);
  });

  it("exits 1 with a one-line message on bad input", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ mix_block_ratio: 3 }));
    const cases: [string[], RegExp][] = [
      [["--config", "X", "--input", "a", "--out", "b"], /neither a preset/],
      [["--config", bad, "--input", "a", "--out", "b"], /mix_block_ratio/],
      [["--config", `${F}/nextvit-mini.json`, "--weights", `${F}/nextvit-mini.json`, "--input", "a", "--out", "b"], /--weights .*LAB109/],
      [["--config", "S", "--weights", `${F}/nextvit-mini.official.safetensors`, "--input", `${F}/nextvit-mini.io.224x224.safetensors`, "--out", join(dir, "x")], /LAB10[57]/],
      [["--config", `${F}/nextvit-mini.json`, "--input", `${F}/nextvit-mini.json`, "--out", "b"], /--input .*not a JPEG\/PNG image/],
    ];
    for (const [args, msg] of cases) {
      const r = await lab(args);
      expect(r.code, args.join(" ")).toBe(1);
      const lines = r.stderr.split("\n").filter((l) => l.startsWith("lab: ") && !l.includes("random weights"));
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(msg);
    }
  });
});
