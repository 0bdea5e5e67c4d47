// The weights download (lib/runtime/download.ts) reads the body into one buffer sized by Content-Length rather than
// collecting chunks and joining them (which held the weights twice), still returns exactly the bytes sent when the
// header is missing or wrong, and reports progress at most every PROGRESS_EVERY_MS plus once at the end.
import { describe, expect, it } from "vitest";
import { PROGRESS_EVERY_MS, readBody } from "../../lib/runtime/download";

function response(chunks: Uint8Array[], length?: number): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(x);
      c.close();
    },
  });
  return new Response(body, { headers: length === undefined ? {} : { "content-length": String(length) } });
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const chunks = [bytes(70_000, 1), bytes(5, 2), bytes(1_500_000, 3), bytes(1, 4)];
const whole = Uint8Array.from(chunks.flatMap((c) => Array.from(c)));

describe("readBody", () => {
  it.each([
    ["the right Content-Length", whole.length],
    ["no Content-Length", undefined],
    ["a Content-Length too small", 1000],
    ["a Content-Length too large", whole.length + 4096],
  ])("returns exactly the bytes sent with %s", async (_, length) => {
    const got = await readBody(response(chunks, length), () => {});
    expect(got.length).toBe(whole.length);
    expect(got.buffer.byteLength).toBe(whole.length); // no slack left behind in a larger buffer
    expect(Buffer.from(got).equals(Buffer.from(whole))).toBe(true);
  });

  it("reports progress at most every PROGRESS_EVERY_MS, then the total", async () => {
    let clock = 0;
    const seen: [number, number][] = [];
    const many = Array.from({ length: 40 }, (_, i) => bytes(1000, i));
    // Each read advances the clock by a fifth of the interval: 40 chunks give 8 reports, plus the final one.
    await readBody(response(many, 40_000), (l, t) => seen.push([l, t]), () => (clock += PROGRESS_EVERY_MS / 5));
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(seen[0]).toEqual([1000, 40_000]);
    expect(seen.at(-1)).toEqual([40_000, 40_000]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
  });
});
