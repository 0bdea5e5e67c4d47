// Format and pixel size from an image's first bytes, read before any decoding so that a
// 16000×16000 file (or a header that lies about its size) is refused without allocating
// its pixels, and formats the browser cannot decode (HEIC, TIFF) get a message naming them.

export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "bmp" | "avif" | "heic" | "tiff" | "unknown";

export interface ImageHeader {
  format: ImageFormat;
  width?: number; // absent when the header is cut before the size
  height?: number;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const be16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const be32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const le16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const le24 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const le32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

function sized(format: ImageFormat, b: Uint8Array, need: number, w: () => number, h: () => number): ImageHeader {
  return b.length >= need ? { format, width: w(), height: h() } : { format };
}

// SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
function jpeg(b: Uint8Array): ImageHeader {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return { format: "jpeg" }; // lost sync: corrupt, let the decoder say so
    const m = b[at + 1];
    if (m === 0xff) { at++; continue; } // fill byte
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { at += 2; continue; }
    const len = be16(b, at + 2);
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return sized("jpeg", b, at + 9, () => be16(b, at + 7), () => be16(b, at + 5));
    }
    if (m === 0xda || len < 2) return { format: "jpeg" };
    at += 2 + len;
  }
  return { format: "jpeg" };
}

function webp(b: Uint8Array): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 ") return sized("webp", b, 30, () => le16(b, 26) & 0x3fff, () => le16(b, 28) & 0x3fff);
  if (chunk === "VP8L") {
    return sized("webp", b, 25, () => 1 + (le16(b, 21) & 0x3fff), () => 1 + ((le32(b, 21) >>> 14) & 0x3fff));
  }
  if (chunk === "VP8X") return sized("webp", b, 30, () => 1 + le24(b, 24), () => 1 + le24(b, 27));
  return { format: "webp" };
}

// ISO-BMFF (HEIF family): the major/compatible brands say AVIF or HEIC; the largest `ispe`
// (image spatial extent) property is the full image (the others are thumbnails or tiles).
function heif(b: Uint8Array): ImageHeader {
  const boxLen = Math.min(be32(b, 0), b.length);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxLen; at += 4) if (at !== 12) brands.push(ascii(b, at, 4));
  const format: ImageFormat = brands.some((x) => x === "avif" || x === "avis") ? "avif" : "heic";
  let width = 0, height = 0;
  const end = Math.min(b.length, 1 << 20) - 12;
  for (let at = 0; at < end; at++) {
    if (b[at] === 0x69 && ascii(b, at, 4) === "ispe") {
      const w = be32(b, at + 8), h = be32(b, at + 12);
      if (w * h > width * height) [width, height] = [w, h];
    }
  }
  return width > 0 ? { format, width, height } : { format };
}

const HEIF_BRANDS = new Set(["avif", "avis", "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]);

export function readImageHeader(b: Uint8Array): ImageHeader {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b);
  if (b.length >= 8 && ascii(b, 1, 3) === "PNG" && b[0] === 0x89 && b[4] === 0x0d && b[5] === 0x0a) {
    return ascii(b, 12, 4) === "IHDR" ? sized("png", b, 24, () => be32(b, 16), () => be32(b, 20)) : { format: "png" };
  }
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) {
    return sized("gif", b, 10, () => le16(b, 6), () => le16(b, 8));
  }
  if (b.length >= 16 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return webp(b);
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) {
    return sized("bmp", b, 26, () => Math.abs(le32(b, 18) | 0), () => Math.abs(le32(b, 22) | 0));
  }
  if (b.length >= 12 && ascii(b, 4, 4) === "ftyp" && HEIF_BRANDS.has(ascii(b, 8, 4))) return heif(b);
  if (b.length >= 4 && (ascii(b, 0, 4) === "II*\0" || ascii(b, 0, 4) === "MM\0*")) return { format: "tiff" };
  return { format: "unknown" };
}

/** What a file that is not an image seems to be, for the error message. */
export function describeNonImage(b: Uint8Array): string {
  if (b.length >= 4 && ascii(b, 0, 4) === "%PDF") return "a PDF document";
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return "a zip archive";
  const head = ascii(b, 0, Math.min(b.length, 256)).trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "an SVG drawing";
  if (head.startsWith("<")) return "an HTML or XML text file";
  return "not an image file";
}
