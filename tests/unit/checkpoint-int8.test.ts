// int8 storage (issue 17: the Next-ViTs ship with stages 3-4 and stage 2's MLPs as int8 per output channel, the
// ablation variants to keep public/models/ under 300 MiB, Next-ViT-S since issue 18 to halve the lab's first download;
// training/int8_check.py has the policy and why). The lab reads training/weights.py's files to exactly the float32
// weights PyTorch dequantises them to, refuses malformed ones with a numbered error, and the shipped Next-ViT-S keeps
// the stem and early blocks float16, which int8 would move more. Needs training/.venv (training/setup.sh; the test
// command makes it).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TapSetAccumulator } from "@/lib/analysis/image-set";
import { planNextViT } from "@/lib/nextvit";
import { summariseSpectra, summariseTaps } from "@/lib/studio/spectra";
import { loadCheckpoint } from "@/lib/checkpoint/load";
import { isCheckpointError } from "@/lib/checkpoint/errors";
import { INT8_SCHEME, SCALE_SUFFIX, dequantize } from "@/lib/checkpoint/quantized";
import type { StateDict, Tensor } from "@/lib/checkpoint/types";
import { decodeImageNode } from "@/lib/image/decode-node";
import { preprocess } from "@/lib/image/preprocess";
import { createSession, runSession } from "@/lib/onnx/ort-node";
import { compileEntry, configFor } from "@/lib/runtime/build-model";
import { parseManifest } from "@/lib/runtime/manifest";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lab-int8-"));
const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const S = manifest.models.find((m) => m.id === "nextvit-s-imagenette")!;
const SHIPPED = join("public", S.weights.kind === "file" ? S.weights.url : "");
const RES = 160;
const PHOTOS = ["chelsea.jpg", "coffee.jpg", "rocket.jpg", "motorcycle.jpg"];

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isCheckpointError(e) ? e.code : String(e);
  }
  return "no error";
}

describe("int8 per-output-channel storage", () => {
  it("refuses malformed int8 files with a numbered error", () => {
    const q = { dtype: "int32" as const, dims: [2, 3], data: Int32Array.from([1, -2, 3, 127, 0, -127]) };
    const s = { dtype: "float32" as const, dims: [2], data: Float32Array.from([0.5, 0.25]) };
    const meta = { quantization: INT8_SCHEME };
    const sd = (entries: [string, Tensor][]): StateDict => new Map(entries);
    const ok = dequantize(sd([["fc.weight", q], [`fc.weight${SCALE_SUFFIX}`, s]]), meta).get("fc.weight")!;
    expect([...(ok.data as Float32Array)]).toEqual([0.5, -1, 1.5, 31.75, 0, -31.75]);
    expect(code(() => dequantize(sd([["fc.weight", q]]), { quantization: "nf4" }))).toBe("LAB104");
    expect(code(() => dequantize(sd([["fc.weight", q]]), meta))).toBe("LAB105");
    expect(code(() => dequantize(sd([[`fc.weight${SCALE_SUFFIX}`, s]]), meta))).toBe("LAB106");
    expect(code(() => dequantize(sd([["fc.weight", q], [`fc.weight${SCALE_SUFFIX}`, { ...s, dims: [3], data: new Float32Array(3) }]]), meta))).toBe("LAB107");
    expect(code(() => dequantize(sd([["fc.weight", q], [`fc.weight${SCALE_SUFFIX}`, { ...s, data: Float32Array.from([NaN, 1]) }]]), meta))).toBe("LAB108");
    // Without the metadata nothing is touched (a float file with an odd key is validation's business).
    expect(dequantize(sd([["fc.weight", q]]), {}).get("fc.weight")).toBe(q);
  });

  it("the shipped Next-ViT-S is int8 (stages 3-4, stage 2's MLPs) and reads as PyTorch's float32 weights exactly; int8 all the way down would move its logits and spectra more", async () => {
    const plan = join(dir, "plan-s.json"), deq = join(dir, "s-deq.safetensors"), all = join(dir, "s-all-int8.safetensors");
    const cfg = configFor(S, S.numClasses);
    writeFileSync(plan, JSON.stringify({ ...cfg, blocks: planNextViT(cfg) }));
    await run("training/.venv/bin/python", ["training/quantize.py", "--in", SHIPPED, "--dequantized", deq]);
    const int8Bytes = readFileSync(SHIPPED);
    const ours = loadCheckpoint(new Uint8Array(int8Bytes), "s.safetensors");
    const torch = loadCheckpoint(new Uint8Array(readFileSync(deq)), "s-deq.safetensors");
    expect([...ours.keys()].sort()).toEqual([...torch.keys()].sort());
    for (const [k, t] of torch) {
      expect(ours.get(k)!.dims).toEqual(t.dims);
      expect(Buffer.from((ours.get(k)!.data as Float32Array).buffer).equals(Buffer.from((t.data as Float32Array).buffer))).toBe(true);
    }
    const header = JSON.parse(int8Bytes.subarray(8, 8 + int8Bytes.readUInt32LE(0)).toString()) as Record<string, { dtype: string }>;
    const int8Keys = Object.keys(header).filter((k) => header[k].dtype === "I8");
    expect(int8Keys.length).toBeGreaterThan(50);
    expect(int8Keys.filter((k) => /^(stem\.|features\.[0-2]\.)/.test(k))).toEqual([]); // stem, stage 1 of S: float16
    expect(int8Keys.filter((k) => /^features\.[3-6]\./.test(k)).every((k) => /^features\.[3-6]\.mlp\./.test(k))).toBe(true); // stage 2: MLPs only
    expect(int8Keys).toContain("features.3.mlp.conv1.weight"); // stage 2
    expect(header["features.3.mhca.group_conv3x3.weight"].dtype).toBe("F16");
    expect(int8Keys).toContain("features.7.mhca.group_conv3x3.weight");
    expect(header["stem.0.conv.weight"].dtype).toBe("F16");

    // Why the stem and the early blocks stay float16: the same weights with those int8 too (quantize.py without
    // --plan) against the shipped file. (The shipped file's own gate against the float16 weights it was made from,
    // in PyTorch on 16 val images, is the manifest's storage line: export.py --int8 measured it.)
    await run("training/.venv/bin/python", ["training/quantize.py", "--in", deq, "--out", all]);
    const models = [SHIPPED, all].map((p) => compileEntry(S, RES, new Uint8Array(p === SHIPPED ? int8Bytes : readFileSync(p)), p));
    const sessions = await Promise.all(models.map((m) => createSession(m.onnx)));
    const sets = models.map(() => new TapSetAccumulator());
    let logitWorst = 0, logitMax = 0, imageWorst = 0, agree = 0;
    for (const photo of PHOTOS) {
      const x = preprocess(decodeImageNode(new Uint8Array(readFileSync(join("public/gallery", photo)))), { ...S.preprocess, size: RES });
      const outs = await Promise.all(sessions.map((s) => runSession(s, { input: { dims: [1, 3, RES, RES], data: x } })));
      const [a, b] = outs.map((o) => o.logits.data as Float32Array);
      a.forEach((v, i) => {
        logitWorst = Math.max(logitWorst, Math.abs(v - b[i]));
        logitMax = Math.max(logitMax, Math.abs(v));
      });
      if (a.indexOf(Math.max(...a)) === b.indexOf(Math.max(...b))) agree++;
      const taps = outs.map((o, j) => models[j].taps.map((info) => ({ info, ...(o[info.value] ?? o[info.path]) })));
      taps.forEach((t, j) => sets[j].add(t.map(({ info, dims, data }) => ({ name: info.path, kind: info.kind, map: { data, dims, layout: info.layout, grid: info.grid } }))));
      const [sa, sb] = taps.map((t) => summariseTaps(t));
      imageWorst = Math.max(imageWorst, curveDiff(sa, sb));
    }
    const [ma, mb] = sets.map((acc, j) => summariseSpectra(models[j].taps, acc.summary()));
    expect(ma.length).toBe(21); // stem + 20 blocks
    const meanWorst = curveDiff(ma, mb);
    console.log(`all int8 vs shipped (stem, stage 1, stage 2 but its MLPs float16), Next-ViT-S at ${RES}², ${PHOTOS.length} photos: logits max |Δ| ${logitWorst.toFixed(4)} (${((100 * logitWorst) / logitMax).toFixed(2)}% of max |logit| ${logitMax.toFixed(2)}), top-1 agree ${agree}/${PHOTOS.length}; block-output ΔlogA max |Δ| ${meanWorst.toExponential(2)} on the ${PHOTOS.length}-photo mean, ${imageWorst.toExponential(2)} on single photos`);
    // The policy's reason, as measured against float16 when it was set (README "Trained weights"): int8 in the stem
    // and stage 1 alone moves the logits by more than half a percent and the spectra past the 1e-2 gate.
    expect(logitWorst / logitMax).toBeGreaterThan(5e-3);
    expect(meanWorst).toBeGreaterThan(1e-2);
    await Promise.all(sessions.map((s) => s.release()));
  }, 600_000);
});

/** Largest |Δ| between two sets of block-output spectra, over every ΔlogA sample. */
function curveDiff(a: readonly { path: string; dlogA: number[] }[], b: readonly { path: string; dlogA: number[] }[]): number {
  expect(a.map((t) => t.path)).toEqual(b.map((t) => t.path));
  let worst = 0;
  a.forEach((t, i) => t.dlogA.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b[i].dlogA[k])))));
  return worst;
}
