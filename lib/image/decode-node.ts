// Image decoding for the CLI and tests (Node): JPEG via jpeg-js, PNG via pngjs. The browser
// decodes with createImageBitmap in the worker instead; both produce an RgbImage.
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import type { RgbImage } from "./preprocess";
import { labErrors } from "../runtime/errors";

export const MAX_PIXELS = 64e6; // larger images are refused rather than exhausting memory

export function sniffImageType(bytes: Uint8Array): "jpeg" | "png" | "unknown" {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && sig.every((b, i) => bytes[i] === b)) return "png";
  return "unknown";
}

export function decodeImageNode(bytes: Uint8Array): RgbImage {
  if (bytes.length === 0) throw labErrors.unreadableImage("the file is empty");
  const kind = sniffImageType(bytes);
  try {
    if (kind === "jpeg") {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6 });
      return { width: img.width, height: img.height, channels: 4, data: img.data };
    }
    if (kind === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (png.width * png.height > MAX_PIXELS) throw new Error(`${png.width}x${png.height} is over ${MAX_PIXELS / 1e6} megapixels`);
      return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
    }
  } catch (e) {
    throw labErrors.unreadableImage(`${kind.toUpperCase()} decoding failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  throw labErrors.unreadableImage("not a JPEG or PNG file (the CLI reads only these)");
}
