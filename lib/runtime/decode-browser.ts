// Image decoding inside the worker: createImageBitmap handles every format the browser
// knows (JPEG, PNG, WebP, GIF first frame, AVIF...), with EXIF orientation applied.
// The header is read first: oversized images are refused before their pixels are allocated,
// and files that are not images, or are in formats browsers cannot decode, say what they are.
import type { RgbImage } from "../image/preprocess";
import { describeNonImage, readImageHeader } from "../image/header";
import { labErrors } from "./errors";

export const MAX_MEGAPIXELS = 64;

const UNDECODABLE: Record<string, string> = { heic: "HEIC/HEIF", tiff: "TIFF", avif: "AVIF" };

export async function decodeInWorker(blob: Blob): Promise<RgbImage> {
  if (blob.size === 0) throw labErrors.unreadableImage("the file is empty");
  // 1 MiB covers Exif/ICC segments before a JPEG's frame header and a HEIF's meta box.
  const head = readImageHeader(new Uint8Array(await blob.slice(0, 1 << 20).arrayBuffer()));
  if (head.format === "unknown") {
    const what = describeNonImage(new Uint8Array(await blob.slice(0, 256).arrayBuffer()));
    throw labErrors.unreadableImage(`it is ${what}, whatever its name says; no JPEG, PNG, GIF, WebP, BMP or AVIF signature`);
  }
  const fmt = head.format.toUpperCase();
  if (head.width !== undefined && head.height !== undefined && head.width * head.height > MAX_MEGAPIXELS * 1e6) {
    const mp = ((head.width * head.height) / 1e6).toFixed(0);
    throw labErrors.unreadableImage(
      `its ${fmt} header says ${head.width}×${head.height} (${mp} megapixels), over the lab's ${MAX_MEGAPIXELS}-megapixel limit; downscale it first — the model sees 224×224 anyway`,
    );
  }
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(blob, { imageOrientation: "from-image", colorSpaceConversion: "default" });
  } catch (e) {
    const name = UNDECODABLE[head.format];
    if (name) throw labErrors.unreadableImage(`this browser cannot decode ${name} images; save it as JPEG or PNG and load that`);
    throw labErrors.unreadableImage(`the ${fmt} data is damaged or cut short, the browser could not decode it`);
  }
  try {
    const { width, height } = bmp;
    if (width * height > MAX_MEGAPIXELS * 1e6) {
      throw labErrors.unreadableImage(`${width}×${height} is over the ${MAX_MEGAPIXELS}-megapixel limit; downscale it first`);
    }
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw labErrors.unreadableImage("no 2-D canvas is available in this worker");
    ctx.drawImage(bmp, 0, 0);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { width, height, channels: 4, data };
  } finally {
    bmp.close();
  }
}
