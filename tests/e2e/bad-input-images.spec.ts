// Every bad or unusual image of issue 8 through the real file chooser on the production build:
// each either runs (with the size the lab reports checked) or shows a LAB204 alert naming the
// problem, and the next good image always still runs. Generators: tests/fixtures/bad/.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";
import { maxRelDiff } from "./helpers";
import { expectRefused, expectWorks, openLab } from "./bad-input-helpers";
import { corruptPng, jpegOf, jpegWithOrientation, lyingPng, pngOf, scrambledJpeg, solidGreyPng } from "../fixtures/bad/images";

test.describe.configure({ mode: "serial" });

const f = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });
const sample = (name: string, mimeType: string) => f(name, mimeType, readFileSync(`tests/fixtures/bad/${name}`));
const good = () => f("good.png", "image/png", pngOf(48, 40, 2));

function solidRgbPng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

test("refused images name the problem, and the next good image still runs", async ({ page }) => {
  await openLab(page);
  await expectWorks(page, good(), "48×40");
  const coffee = readFileSync("public/gallery/coffee.jpg");
  const cases: [string, ReturnType<typeof f>, RegExp][] = [
    ["0-byte file", f("empty.jpg", "image/jpeg", Buffer.alloc(0)), /the file is empty/],
    ["PDF renamed .jpg", f("report.jpg", "image/jpeg", Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n")), /a PDF document, whatever its name says/],
    ["text renamed .png", f("notes.png", "image/png", Buffer.from("just some text, not pixels")), /not an image file/],
    ["16000×16000 PNG", f("huge.png", "image/png", solidGreyPng(16000, 16000)), /16000×16000 \(256 megapixels\), over the lab's 64-megapixel limit/],
    ["PNG header claiming 100000×100000", f("liar.png", "image/png", lyingPng(100_000, 100_000)), /100000×100000 \(10000 megapixels\)/],
    ["truncated JPEG (40%)", f("cut.jpg", "image/jpeg", coffee.subarray(0, Math.round(coffee.length * 0.4))), /JPEG data is damaged or cut short/],
    ["truncated PNG (first 300 bytes)", f("cut.png", "image/png", pngOf(64, 48, 2).subarray(0, 300)), /PNG data is damaged or cut short/],
    ["JPEG with scrambled scan data", f("scrambled.jpg", "image/jpeg", scrambledJpeg(64, 48)), /JPEG data is damaged or cut short/],
    ["corrupt PNG (IDAT overwritten)", f("corrupt.png", "image/png", corruptPng(64, 48)), /PNG data is damaged or cut short/],
    ["HEIC photo", sample("photo.heic", "image/heic"), /cannot decode HEIC\/HEIF images; save it as JPEG or PNG/],
    ["TIFF image", sample("photo.tiff", "image/tiff"), /cannot decode TIFF images; save it as JPEG or PNG/],
  ];
  for (const [what, file, text] of cases) {
    await test.step(what, async () => {
      const msg = await expectRefused(page, file, "LAB204", text);
      console.log(`[bad-image] ${what}: ${msg}`);
      await expectWorks(page, good(), "48×40");
    });
  }
});

test("unusual but valid images run: CMYK, grey, alpha, EXIF rotation, AVIF, 24 MP, animations (first frame)", async ({ page }) => {
  await openLab(page);
  const ok: [string, ReturnType<typeof f>, string][] = [
    ["CMYK JPEG", sample("cmyk.jpg", "image/jpeg"), "64×48"],
    ["greyscale PNG", f("grey.png", "image/png", pngOf(50, 30, 0)), "50×30"],
    ["grey+alpha PNG", f("grey-alpha.png", "image/png", pngOf(50, 30, 4, (x) => (x * 5) % 256)), "50×30"],
    ["RGBA PNG, half transparent", f("alpha.png", "image/png", pngOf(50, 30, 6, (x) => (x < 25 ? 0 : 255))), "50×30"],
    // Orientation 6: stored 64 wide, 32 high; displayed (and decoded, from-image) 32×64.
    ["JPEG with EXIF orientation 6", f("rotated.jpg", "image/jpeg", jpegWithOrientation(64, 32, 6)), "32×64"],
    ["AVIF photo", sample("photo.avif", "image/avif"), "64×48"],
    ["6000×4000 PNG (24 MP, under the limit)", f("big.png", "image/png", solidGreyPng(6000, 4000, 200)), "6000×4000"],
  ];
  for (const [what, file, size] of ok) {
    await test.step(what, async () => {
      await expectWorks(page, file, size);
      console.log(`[bad-image] ${what}: runs, image ${size}`);
    });
  }

  // Animations: the lab runs the first frame. The reference is a still PNG of frame 1 (red);
  // frame 2 (green) gives different logits, so the comparison can tell the frames apart.
  const red = await expectWorks(page, f("red.png", "image/png", solidRgbPng(40, 30, [0xe0, 0x10, 0x10])), "40×30");
  const green = await expectWorks(page, f("green.png", "image/png", solidRgbPng(40, 30, [0x10, 0xe0, 0x10])), "40×30");
  expect(maxRelDiff(green.logits, red.logits)).toBeGreaterThan(1e-3);
  for (const name of ["animated.gif", "animated.webp"]) {
    const run = await expectWorks(page, sample(name, name.endsWith("gif") ? "image/gif" : "image/webp"), "40×30");
    expect(maxRelDiff(run.logits, red.logits), `${name} runs its first frame`).toBeLessThan(1e-5);
  }
  await expectWorks(page, f("plain.jpg", "image/jpeg", jpegOf(64, 48)), "64×48");
});
