// Guarded unzip: fflate trusts the zip's directory, so the end-of-central-directory record
// and every declared size are checked here first (a lying entry count would spin for
// billions of iterations; a lying uncompressed size would allocate it up front).
import { unzipSync } from "fflate";
import { CheckpointError } from "./errors";

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const MIN_CENTRAL_ENTRY = 46;
// Deflate cannot expand data by more than about 1032:1.
const MAX_DEFLATE_RATIO = 1032;

function u32(d: Uint8Array, i: number): number {
  if (i < 0 || i + 4 > d.length) return -1;
  return (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16)) + d[i + 3] * 0x1000000;
}
function u16(d: Uint8Array, i: number): number {
  return i < 0 || i + 2 > d.length ? -1 : d[i] | (d[i + 1] << 8);
}

function checkDirectory(data: Uint8Array): void {
  let e = data.length - 22;
  const stop = Math.max(0, data.length - 65558);
  while (e >= stop && u32(data, e) !== EOCD) e--;
  if (e < stop) {
    throw new CheckpointError("LAB101", "the zip archive has no end-of-central-directory record (truncated?)");
  }
  let count = u16(data, e + 10);
  let offset = u32(data, e + 16);
  if (u32(data, e - 20) === ZIP64_LOCATOR) {
    const ze = u32(data, e - 12);
    if (u32(data, ze) === ZIP64_EOCD) {
      count = u32(data, ze + 32);
      offset = u32(data, ze + 48);
    }
  }
  if (count < 0 || offset < 0 || offset >= data.length || count * MIN_CENTRAL_ENTRY > data.length - offset) {
    throw new CheckpointError("LAB111", `zip directory declares ${count} entries at byte ${offset} of ${data.length}`);
  }
}

/**
 * Extracts the entries `want` selects. Total output is capped at `maxTotal` bytes;
 * every entry is checked to have the size the directory declares.
 */
export function unzipGuarded(data: Uint8Array, want: (name: string) => boolean, maxTotal: number): Map<string, Uint8Array> {
  checkDirectory(data);
  const declared = new Map<string, number>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (f) => {
        if (!want(f.name)) return false;
        if (f.compression !== 0 && f.compression !== 8) {
          throw new CheckpointError("LAB111", `zip entry ${f.name} uses compression method ${f.compression}`, {
            remedy: "Re-save the checkpoint with torch.save (stored) or a standard deflate zip.",
          });
        }
        const bad =
          !(f.originalSize >= 0) ||
          (f.compression === 0 && f.originalSize !== f.size) ||
          f.originalSize > f.size * MAX_DEFLATE_RATIO + 64 ||
          f.size > data.length;
        total += f.originalSize;
        if (bad || total > maxTotal) {
          throw new CheckpointError("LAB103", `zip entry ${f.name} declares ${f.originalSize} bytes from ${f.size} stored`);
        }
        declared.set(f.name, f.originalSize);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError("LAB111", `unzip failed (${(e as Error).message})`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes.length !== declared.get(name)) {
      throw new CheckpointError("LAB101", `zip entry ${name} has ${bytes.length} of its ${declared.get(name)} bytes`);
    }
    out.set(name, bytes);
  }
  return out;
}
