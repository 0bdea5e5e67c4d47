// Makes the README's spectra figure of a trained model: drives the lab's Spectra tab in Debian Chromium (WASM),
// averages over real photographs given as a zip or folder of <wnid>/<image> (e.g. ../shared's Imagenette val;
// the photos are only read, never copied into the repository), optionally overlaid with a second model, and
// saves the ΔlogA-vs-depth panel as PNG, SVG and CSV plus a screenshot of the tab under docs/figures/.
//
//   npm run build && npx tsx scripts/docs-spectra.ts --model nextvit-s-imagenette --compare nextvit-s-random \
//       --data ../shared/datasets/imagenette-224-val.zip --per-class 5
// (starts `next start` on port 3200 itself; needs /usr/bin/chromium)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium } from "@playwright/test";
import { classImages } from "./class-images";

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`docs-spectra: --${name} is required`);
  return fallback;
}

/** Up to `per` images of each class folder, written to a temp folder as files the page can upload. */
function pickImages(data: string, per: number): string[] {
  const out = mkdtempSync(join(tmpdir(), "docs-spectra-"));
  return classImages(data, per).map(({ name, bytes }) => {
    const p = join(out, name);
    writeFileSync(p, bytes);
    return p;
  });
}

async function main(): Promise<void> {
  const model = arg("model");
  const compare = arg("compare", "");
  const per = Number(arg("per-class", "5"));
  const res = arg("res", "");
  const outDir = arg("out", "docs/figures");
  const images = pickImages(arg("data"), per);
  mkdirSync(outDir, { recursive: true });
  const port = 3200;
  const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], { stdio: "ignore" });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/?backend=wasm&model=${model}${res ? `&res=${res}` : ""}`);
        break;
      } catch (e) {
        if (i > 60) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    // The analysis tabs appear with the first result (a first visit runs the first gallery photo).
    await page.getByRole("tab", { name: "Spectra" }).click({ timeout: 180_000 });
    if (compare) await page.getByTestId("spectra-compare").selectOption(compare);
    await page.getByTestId("spectra-files").setInputFiles(images);
    const t0 = Date.now();
    const progress = page.getByTestId("spectra-progress");
    for (;;) {
      const states = await progress.evaluateAll((els) => els.map((e) => [e.getAttribute("data-status"), e.getAttribute("data-done"), e.getAttribute("data-total")]));
      process.stderr.write(`\r${states.map((s) => `${s[1]}/${s[2]} ${s[0]}`).join("  ")}   `);
      if (states.length && states.every((s) => s[0] === "done")) break;
      if (states.some((s) => s[0] === "error")) throw new Error(`spectra run failed: ${JSON.stringify(states)}`);
      if (Date.now() - t0 > 30 * 60_000) throw new Error("spectra run took over 30 minutes");
      await page.waitForTimeout(2000);
    }
    process.stderr.write(`\n${images.length} images in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    const depth = page.getByTestId("spectra-depth");
    await depth.scrollIntoViewIfNeeded();
    const stem = `${outDir}/spectra-depth-${model}`;
    for (const [button, ext] of [["PNG", "png"], ["SVG", "svg"], ["CSV", "csv"]] as const) {
      const [dl] = await Promise.all([page.waitForEvent("download"), depth.getByRole("button", { name: button }).click()]);
      await dl.saveAs(`${stem}.${ext}`);
    }
    await page.getByTestId("spectra-tab").screenshot({ path: `${outDir}/spectra-tab-${model}.png` });
    writeFileSync(`${stem}.json`, JSON.stringify({ model, compare: compare || null, images: images.length, perClass: per,
      data: basename(arg("data")), made: new Date().toISOString() }, null, 1));
    console.log(`docs-spectra: ${stem}.{png,svg,csv,json} (${images.length} images)`);
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
