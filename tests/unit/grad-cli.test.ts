// `lab infer --grad-class`: the CLI writes grad.<tap> for every requested tap, and they are the
// fixture's autograd gradients (criterion of ./grad-parity.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../lib/checkpoint/safetensors";
import { expectGradParity } from "./grad-parity";

const DIR = "tests/fixtures/nextvit-mini";

describe("lab infer --grad-class", () => {
  it("writes grad.<tap> for every tap, matching autograd", () => {
    const tmp = mkdtempSync(join(tmpdir(), "grad-cli-"));
    writeFileSync(join(tmp, "mini.json"), JSON.stringify({ depths: [1, 1, 5, 1], num_classes: 10 }));
    const out = join(tmp, "out.safetensors");
    const target = JSON.parse(readFileSync(`${DIR}/nextvit-mini.json`, "utf8")).inputs["160x192"].target_class as number;
    const taps = ["stem", "features.1", "features.7"];
    execFileSync("npx", ["tsx", "bin/lab.ts", "infer", "--config", join(tmp, "mini.json"),
      "--weights", `${DIR}/nextvit-mini.official.safetensors`, "--input", `${DIR}/nextvit-mini.io.160x192.safetensors`,
      "--taps", taps.join(","), "--grad-class", String(target), "--out", out], { stdio: "pipe" });
    const got = readSafetensors(new Uint8Array(readFileSync(out))).tensors;
    expect([...got.keys()].filter((k) => k.startsWith("grad.")).sort()).toEqual(taps.map((t) => `grad.${t}`).sort());
    const ref = readSafetensors(new Uint8Array(readFileSync(`${DIR}/nextvit-mini.io.160x192.safetensors`))).tensors;
    const fetched = Object.fromEntries(taps.map((t) => [`grad.${t}`, { dims: got.get(`grad.${t}`)!.dims, data: got.get(`grad.${t}`)!.data as Float32Array }]));
    expectGradParity(fetched, ref, taps);
  });
});
