// Fetch with byte progress, for weights given by URL.
import { labErrors } from "./errors";

/** Progress is reported at most this often (and once at the end): every network chunk (~64 kB) would post a message
 *  to the page and re-render its progress bar ~1,000 times for Next-ViT-S's 62 MB, on the two cores the download,
 *  the compile and ORT's start-up share. */
export const PROGRESS_EVERY_MS = 50;

/** Chunks are read into one buffer sized by Content-Length: collecting them and joining at the end would hold the
 *  weights twice at once (another 62 MB for Next-ViT-S). Without the header, or when it is wrong, the buffer grows.
 *  The page's early download worker runs this function's source text too (early-weights-boot.ts), so it refers to
 *  nothing outside itself: `every` defaults to PROGRESS_EVERY_MS's value written out. */
export async function readBody(
  res: Response,
  onProgress: (loaded: number, total: number) => void,
  now: () => number = () => performance.now(),
  every = 50,
): Promise<Uint8Array> {
  const total = Number(res.headers.get("content-length") ?? 0) || 0;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onProgress(buf.length, buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  let out = new Uint8Array(total > 0 ? total : 1 << 20);
  let loaded = 0;
  let reported = -Infinity;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > out.length) {
      const grown = new Uint8Array(Math.max(loaded + value.length, out.length * 2));
      grown.set(out.subarray(0, loaded));
      out = grown;
    }
    out.set(value, loaded);
    loaded += value.length;
    if (now() - reported >= every) {
      reported = now();
      onProgress(loaded, total);
    }
  }
  onProgress(loaded, loaded);
  return loaded === out.length ? out : out.slice(0, loaded);
}

export async function downloadWithProgress(
  url: string,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: "omit" });
  } catch (e) {
    throw labErrors.download(url, e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw labErrors.download(url, `HTTP ${res.status} ${res.statusText}`);
  return readBody(res, onProgress);
}

export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
