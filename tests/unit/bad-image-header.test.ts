// The header reader decides, before any pixel is decoded, whether an upload is refused for
// its size or its format; its answers are checked against ImageMagick's `identify` figures
// for the committed samples (see tests/fixtures/bad/make.mjs) and the generators' own sizes.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeNonImage, readImageHeader } from "@/lib/image/header";
import { jpegOf, jpegWithOrientation, lyingPng, pngOf, solidGreyPng } from "../fixtures/bad/images";

const file = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/bad/${name}`));

describe("readImageHeader", () => {
  it("reads format and size of every sample (identify: 64×48 stills, 40×30 animations)", () => {
    expect(readImageHeader(file("cmyk.jpg"))).toEqual({ format: "jpeg", width: 64, height: 48 });
    expect(readImageHeader(file("animated.gif"))).toEqual({ format: "gif", width: 40, height: 30 });
    expect(readImageHeader(file("animated.webp"))).toEqual({ format: "webp", width: 40, height: 30 });
    // HEVC codes 64×64 (padded to whole coding blocks) and crops to identify's 64×48 with a
    // `clap` box; the size limit takes the larger, coded extent.
    expect(readImageHeader(file("photo.heic"))).toEqual({ format: "heic", width: 64, height: 64 });
    expect(readImageHeader(file("photo.avif"))).toEqual({ format: "avif", width: 64, height: 48 });
    expect(readImageHeader(file("photo.tiff"))).toEqual({ format: "tiff" });
    expect(readImageHeader(readFileSync("public/gallery/chelsea.jpg"))).toMatchObject({ format: "jpeg" });
  });

  it("finds the JPEG frame size behind an Exif segment, and PNG sizes of every colour type", () => {
    expect(readImageHeader(jpegWithOrientation(33, 17, 6))).toEqual({ format: "jpeg", width: 33, height: 17 });
    expect(readImageHeader(jpegOf(5, 300))).toEqual({ format: "jpeg", width: 5, height: 300 });
    for (const ct of [0, 2, 4, 6] as const) expect(readImageHeader(pngOf(7, 3, ct))).toEqual({ format: "png", width: 7, height: 3 });
  });

  it("reports the size a header claims, however large, without decoding", () => {
    expect(readImageHeader(lyingPng(100_000, 100_000))).toEqual({ format: "png", width: 100_000, height: 100_000 });
    expect(readImageHeader(lyingPng(2 ** 31 - 1, 1))).toEqual({ format: "png", width: 2 ** 31 - 1, height: 1 });
    const big = solidGreyPng(16000, 16000);
    expect(big.length).toBeLessThan(1_000_000); // small enough to generate in a test
    expect(readImageHeader(big)).toEqual({ format: "png", width: 16000, height: 16000 });
  });

  it("a header cut before the size gives the format without a size", () => {
    expect(readImageHeader(jpegOf(20, 20).subarray(0, 30))).toEqual({ format: "jpeg" });
    expect(readImageHeader(pngOf(4, 4, 2).subarray(0, 20))).toEqual({ format: "png" });
    expect(readImageHeader(file("animated.gif").subarray(0, 7))).toEqual({ format: "gif" });
  });

  it("non-images are unknown and described", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(readImageHeader(new Uint8Array(0))).toEqual({ format: "unknown" });
    expect(readImageHeader(text("%PDF-1.7\n"))).toEqual({ format: "unknown" });
    expect(describeNonImage(text("%PDF-1.7\n"))).toBe("a PDF document");
    expect(describeNonImage(text(" <svg xmlns='http://www.w3.org/2000/svg'/>"))).toBe("an SVG drawing");
    expect(describeNonImage(text("<!doctype html><p>hi"))).toBe("an HTML or XML text file");
    expect(describeNonImage(text("hello"))).toBe("not an image file");
  });

  it("never throws, on random bytes or on any prefix / bit flip of a real header (fast-check)", () => {
    const seeds = [file("cmyk.jpg"), file("animated.webp"), file("photo.heic"), new Uint8Array(pngOf(3, 3, 6))];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        readImageHeader(b);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.nat(3), fc.nat(4000), fc.nat(4000), fc.integer({ min: 0, max: 255 }), (s, cut, at, v) => {
        const b = seeds[s].slice(0, Math.min(cut, seeds[s].length));
        if (b.length) b[at % b.length] = v;
        const h = readImageHeader(b);
        expect(["jpeg", "png", "gif", "webp", "bmp", "avif", "heic", "tiff", "unknown"]).toContain(h.format);
        if (h.width !== undefined) expect(Number.isInteger(h.width) && h.width >= 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
