// Image decoding inside the worker: createImageBitmap handles every format the browser
// knows (JPEG, PNG, WebP, GIF first frame, AVIF...), with EXIF orientation applied.
import type { RgbImage } from "../image/preprocess";
import { labErrors } from "./errors";

export const MAX_MEGAPIXELS = 64;

export async function decodeInWorker(blob: Blob): Promise<RgbImage> {
  if (blob.size === 0) throw labErrors.unreadableImage("the file is empty");
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(blob, { imageOrientation: "from-image", colorSpaceConversion: "default" });
  } catch (e) {
    throw labErrors.unreadableImage(`the browser could not decode it${blob.type ? ` as ${blob.type}` : ""}`);
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
