// `npm run lab -- eval` end to end on the nextvit-mini fixture served from a throw-away manifest.
// The expected top-1 comes from running the model image by image through the library; the
// images are filed so that some sit in the folder of the class the model predicts and some do
// not, so a wrong WNID mapping, count, ordering or --limit selection changes the number.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINI_SIZE, WNIDS, argmax, lab, makePublic, referenceLogits, syntheticPng } from "../helpers/lab-cli";

const N = 10;
let pub: { root: string; manifest: string };
let folder: string;
let zip: string;
// Member paths as eval sorts them, with whether the model's top-1 is the folder's class.
let members: Array<{ path: string; hit: boolean }>;

const topLine = (hits: number, n: number) => `top-1 ${((100 * hits) / n).toFixed(2)}% (${n} images)`;
const lastLine = (s: string) => s.trimEnd().split("\n").pop();

beforeAll(async () => {
  pub = makePublic();
  const images = Array.from({ length: N }, (_, k) => syntheticPng(k, 72 + 8 * (k % 8), 96 - 4 * (k % 8)));
  const logits = await referenceLogits(images);
  folder = join(pub.root, "data");
  const files: Record<string, Uint8Array> = { "README.txt": new TextEncoder().encode("not an image") };
  members = images.map((bytes, k) => {
    const predicted = argmax(logits[k]);
    const hit = k % 3 !== 0; // every third image is filed under the next class: a miss
    const wnid = WNIDS[(predicted + (hit ? 0 : 1)) % 10];
    const path = `val/${wnid}/img${k}.png`;
    mkdirSync(join(folder, "val", wnid), { recursive: true });
    writeFileSync(join(folder, path), bytes);
    files[`${wnid}/img${k}.png`] = bytes; // the zip uses the <wnid>/<image> layout
    return { path, hit };
  });
  members.sort((a, b) => (a.path < b.path ? -1 : 1));
  zip = join(pub.root, "shapes.zip");
  writeFileSync(zip, zipSync(files, { level: 6 })); // deflated members: the reader's inflate path
});

afterAll(() => rmSync(pub.root, { recursive: true, force: true })); // holds a copy of the 29 MB fixture

describe("lab eval", () => {
  it("counts top-1 over a folder of class folders as the model predicts each image", async () => {
    // Worker threads decode and preprocess here (the zip case below does it inline).
    const r = await lab(["eval", "--manifest", pub.manifest, "--model", "mini", "--data", folder, "--workers", "2"]);
    expect(r.code, r.stderr).toBe(0);
    const hits = members.filter((m) => m.hit).length;
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(N);
    expect(new Set(members.map((m) => m.path.split("/")[1])).size).toBeGreaterThan(2); // several class folders
    expect(lastLine(r.stdout)).toBe(topLine(hits, N));
    expect(r.stderr).toMatch(/images\/s/);
  });

  it("--limit takes images evenly spread over the sorted list", async () => {
    const r = await lab(["eval", "--manifest", pub.manifest, "--model", "mini", "--data", folder, "--limit", "3"]);
    expect(r.code, r.stderr).toBe(0);
    const picked = [0, 1, 2].map((i) => members[Math.floor((i * N) / 3)]);
    expect(lastLine(r.stdout)).toBe(topLine(picked.filter((m) => m.hit).length, 3));
  });

  it("reads a zip and --record writes only the entry's accuracy", async () => {
    const before = JSON.parse(readFileSync(pub.manifest, "utf8"));
    const r = await lab(["eval", "--manifest", pub.manifest, "--model", "mini", "--data", zip, "--record", "--workers", "0"]);
    expect(r.code, r.stderr).toBe(0);
    const hits = members.filter((m) => m.hit).length;
    expect(lastLine(r.stdout)).toBe(topLine(hits, N));
    expect(r.stderr).toMatch(/ignored 1 files/);
    before.models[0].accuracy = {
      dataset: `shapes (${N} images)`,
      top1: Number(((100 * hits) / N).toFixed(2)),
      source: `npm run lab -- eval (onnxruntime-node, float32, lab preprocessing at ${MINI_SIZE} px)`,
    };
    expect(readFileSync(pub.manifest, "utf8")).toBe(`${JSON.stringify(before, null, 2)}\n`);
  });

  it("names an image that does not decode", async () => {
    const bad = join(pub.root, "broken");
    mkdirSync(join(bad, WNIDS[2]), { recursive: true });
    writeFileSync(join(bad, WNIDS[2], "a.png"), syntheticPng(1, 80, 80));
    writeFileSync(join(bad, WNIDS[2], "b.jpg"), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    for (const workers of ["0", "1"]) {
      const r = await lab(["eval", "--manifest", pub.manifest, "--model", "mini", "--data", bad, "--workers", workers]);
      expect(r.code, workers).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^lab: --data .*: ${WNIDS[2]}/b\\.jpg: .*JPEG decoding failed`, "m"));
    }
  });

  it("names an unknown WNID, and a weights file that fails its sha256", async () => {
    const bad = join(pub.root, "bad");
    mkdirSync(join(bad, "n99999999"), { recursive: true });
    writeFileSync(join(bad, "n99999999", "x.png"), syntheticPng(0, 80, 80));
    const r = await lab(["eval", "--manifest", pub.manifest, "--model", "mini", "--data", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^lab: --data .*class folder "n99999999" \(n99999999\/x\.png\) is not a WNID of the model's imagenette label set/);
    const s = await lab(["eval", "--manifest", pub.manifest, "--model", "mini-bad-sha", "--data", folder]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/^lab: --model mini-bad-sha: .*mini\.safetensors does not match its manifest sha256/m);
  });
});
