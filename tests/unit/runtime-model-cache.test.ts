// The compiled-graph store (lib/runtime/model-cache.ts) stays bounded: one Cache API cache per build, old builds'
// caches deleted on the first write, at most MAX_GRAPHS graphs with the oldest evicted, and what it keeps reads back
// byte for byte. Node has no Cache API, so a small in-memory CacheStorage with the same semantics stands in.
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_GRAPHS, readCachedModel, writeCachedModel } from "../../lib/runtime/model-cache";

class FakeCache {
  entries = new Map<string, Response>(); // insertion order, as the Cache API's request list
  async match(path: string) { return this.entries.get(path)?.clone(); }
  async put(path: string, r: Response) { this.entries.delete(path); this.entries.set(path, r); }
  async delete(path: string) { return this.entries.delete(path); }
  async keys() { return [...this.entries.keys()].map((p) => ({ url: `http://127.0.0.1${p}` })); }
}
class FakeStorage {
  stores = new Map<string, FakeCache>();
  async open(name: string) { if (!this.stores.has(name)) this.stores.set(name, new FakeCache()); return this.stores.get(name)!; }
  async keys() { return [...this.stores.keys()]; }
  async delete(name: string) { return this.stores.delete(name); }
}

let storage: FakeStorage;
beforeEach(() => {
  storage = new FakeStorage();
  (globalThis as unknown as { caches: unknown }).caches = storage;
});

// Odd graphs inline, even ones with their weights apart (external data, a third entry); every third one fused for
// the CPU (lib/onnx/passes/fuse-conv.ts), which decides its session's options, so that flag must read back too.
const model = (i: number) => ({ onnx: new Uint8Array([i, i + 1, i + 2]), data: i % 2 ? null : new Uint8Array([7, i, 9, 9]), cpuFused: i % 3 === 2, taps: [], numClasses: 10 + i });

describe("compiled-graph cache", () => {
  it("reads back what it wrote", async () => {
    await writeCachedModel("k1", model(1));
    expect(await readCachedModel("k1")).toEqual(model(1));
    expect(await readCachedModel("k2")).toBeNull();
  });

  it(`keeps the ${MAX_GRAPHS} newest graphs`, async () => {
    for (let i = 0; i < MAX_GRAPHS + 2; i++) await writeCachedModel(`k${i}`, model(i));
    expect(await readCachedModel("k0")).toBeNull();
    expect(await readCachedModel("k1")).toBeNull();
    for (let i = 2; i < MAX_GRAPHS + 2; i++) expect(await readCachedModel(`k${i}`)).toEqual(model(i));
    const [only] = storage.stores.values();
    expect(only.entries.size).toBe(2 * MAX_GRAPHS + MAX_GRAPHS / 2); // graph + its taps (+ weights), nothing orphaned
    await writeCachedModel(`k${MAX_GRAPHS + 1}`, model(99)); // rewriting a kept key evicts nothing
    expect(await readCachedModel("k2")).toEqual(model(2));
  });

  it("reads an entry whose weights went missing as absent (a recompile), and an inline rewrite drops old weights", async () => {
    await writeCachedModel("k", model(2));
    const [only] = storage.stores.values();
    only.entries.delete("/__cache/k.bin");
    expect(await readCachedModel("k")).toBeNull();
    await writeCachedModel("k", model(2));
    expect(await readCachedModel("k")).toEqual(model(2));
    await writeCachedModel("k", model(3));
    expect(only.entries.has("/__cache/k.bin")).toBe(false);
    expect(await readCachedModel("k")).toEqual(model(3));
  });

  it("deletes other builds' caches on the first write and leaves foreign caches alone", async () => {
    await (await storage.open("nextvit-lab-models-v1")).put("/__cache/old.onnx", new Response("x"));
    await (await storage.open("nextvit-lab-models-lq3k2")).put("/__cache/old.onnx", new Response("x"));
    await storage.open("someone-else");
    await writeCachedModel("k", model(3));
    expect((await storage.keys()).sort()).toEqual(["nextvit-lab-models-dev", "someone-else"]);
  });
});
