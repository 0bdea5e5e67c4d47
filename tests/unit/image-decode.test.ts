import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";
import { decodeImageNode } from "@/lib/image/decode-node";
import { LabError } from "@/lib/runtime/errors";

describe("decodeImageNode", () => {
  it("decodes the gallery JPEGs and a PNG exactly", () => {
    const meta = JSON.parse(readFileSync("public/gallery/gallery.json", "utf8")) as { images: { file: string }[] };
    for (const { file } of meta.images) {
      const img = decodeImageNode(new Uint8Array(readFileSync(`public/gallery/${file}`)));
      expect(Math.max(img.width, img.height)).toBeLessThanOrEqual(512);
      expect(img.data.length).toBe(img.width * img.height * 4);
    }
    const png = new PNG({ width: 3, height: 2 });
    png.data = Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 37) % 256));
    const back = decodeImageNode(new Uint8Array(PNG.sync.write(png)));
    expect([back.width, back.height]).toEqual([3, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(png.data));
  });

  it("refuses empty, truncated and non-image files with LAB204", () => {
    const jpg = new Uint8Array(readFileSync("public/gallery/chelsea.jpg"));
    for (const bytes of [new Uint8Array(0), jpg.subarray(0, 200), new TextEncoder().encode("hello, not an image")]) {
      let err: unknown;
      try {
        decodeImageNode(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).code).toBe("LAB204");
    }
  });
});
