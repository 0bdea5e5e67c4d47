// Builders for hand-made (often hostile) checkpoints: a tiny pickle writer for the
// opcodes torch.save uses, and a torch-style zip around it.
import { zipSync } from "fflate";

export class PickleWriter {
  private out: number[] = [0x80, 2];
  op(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return b.length < 256 ? this.op(0x8c, b.length, ...b) : this.op(0x58, ...le32(b.length), ...b);
  }
  int(n: number): this {
    return n >= 0 && n < 256 ? this.op(0x4b, n) : this.op(0x4a, ...le32(n));
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  mark(): this { return this.op(0x28); }
  tuple(): this { return this.op(0x74); }
  emptyDict(): this { return this.op(0x7d); }
  setitem(): this { return this.op(0x73); }
  reduce(): this { return this.op(0x52); }
  /** Pushes torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()). */
  tensor(o: { storageType: string; key: string; numel: number; offset: number; size: number[]; stride: number[] }): this {
    this.global("torch._utils", "_rebuild_tensor_v2").mark();
    this.mark().str("storage").global("torch", o.storageType).str(o.key).str("cpu").int(o.numel).tuple().op(0x51);
    this.int(o.offset).mark();
    o.size.forEach((s) => this.int(s));
    this.tuple().mark();
    o.stride.forEach((s) => this.int(s));
    this.tuple().op(0x89).global("collections", "OrderedDict").op(0x29).reduce().tuple().reduce();
    return this;
  }
  bytes(): Uint8Array {
    return new Uint8Array([...this.out, 0x2e]);
  }
}

function le32(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

/** {"model": {name: tensor}} with one float32 storage "0" holding `values`. */
export function onePth(name: string, values: Float32Array, view: { offset: number; size: number[]; stride: number[]; numel?: number }): Uint8Array {
  const pkl = new PickleWriter()
    .emptyDict().str("model").emptyDict().str(name)
    .tensor({ storageType: "FloatStorage", key: "0", numel: view.numel ?? values.length, ...view })
    .setitem().setitem()
    .bytes();
  return torchZip(pkl, { "0": new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
}

export function torchZip(pkl: Uint8Array, storages: Record<string, Uint8Array>, level: 0 | 6 = 0): Uint8Array {
  const files: Record<string, Uint8Array> = { "archive/data.pkl": pkl };
  for (const [k, v] of Object.entries(storages)) files[`archive/data/${k}`] = v;
  return zipSync(files, { level });
}

/** Raw safetensors bytes from any header object (lets tests write lies the writer refuses). */
export function rawSafetensors(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Runs f and returns the error it throws (fails the test if none). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, none was thrown");
}
