// A zip archive read member by member from its file descriptor: the central directory is parsed
// once and each member is read (and inflated) when asked for, so an image set of many gigabytes
// (ImageNet val is 6.4 GB) never has to sit in memory, unlike fflate's unzipSync on the whole file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inflateSync } from "fflate";

export interface ZipMember {
  name: string;
  method: number; // 0 stored, 8 deflate
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_MEMBER = 1 << 28; // 256 MiB: far beyond any photograph, and refuses a lying header

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x100000000;

export class ZipReader {
  readonly members: ZipMember[] = [];
  private readonly fd: number;
  private readonly fileSize: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, "r");
    this.fileSize = fstatSync(this.fd).size;
    try {
      this.readDirectory();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private bytes(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.fileSize) throw new Error(`zip: ${length} bytes at ${offset} lie outside the ${this.fileSize}-byte file (truncated?)`);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, offset + done);
      if (n <= 0) throw new Error(`zip: short read at byte ${offset + done}`);
      done += n;
    }
    return out;
  }

  private readDirectory(): void {
    const tailLen = Math.min(this.fileSize, 22 + 0xffff);
    const tail = this.bytes(this.fileSize - tailLen, tailLen);
    let e = tailLen - 22;
    while (e >= 0 && u32(tail, e) !== EOCD) e--;
    if (e < 0) throw new Error("not a zip archive (no end-of-central-directory record)");
    let count = u16(tail, e + 10);
    let size = u32(tail, e + 12);
    let offset = u32(tail, e + 16);
    if (e >= 20 && u32(tail, e - 20) === ZIP64_LOCATOR) {
      const z = this.bytes(u64(tail, e - 12), 56);
      if (u32(z, 0) !== ZIP64_EOCD) throw new Error("zip64 end-of-central-directory record missing");
      [count, size, offset] = [u64(z, 32), u64(z, 40), u64(z, 48)];
    }
    if (count * 46 > size) throw new Error(`zip directory declares ${count} entries in ${size} bytes`);
    const dir = this.bytes(offset, size);
    const utf8 = new TextDecoder();
    for (let p = 0, i = 0; i < count; i++) {
      if (p + 46 > dir.length || u32(dir, p) !== CENTRAL) throw new Error(`zip directory entry ${i} is damaged`);
      const nameLen = u16(dir, p + 28), extraLen = u16(dir, p + 30), commentLen = u16(dir, p + 32);
      const m: ZipMember = {
        name: utf8.decode(dir.subarray(p + 46, p + 46 + nameLen)),
        method: u16(dir, p + 10), compressedSize: u32(dir, p + 20), size: u32(dir, p + 24), localOffset: u32(dir, p + 42),
      };
      if (u16(dir, p + 8) & 1) throw new Error(`zip member ${m.name} is encrypted`);
      // Zip64 extra field: the 64-bit values of the fields saturated at 0xffffffff, in this order.
      for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; x += 4 + u16(dir, x + 2)) {
        if (u16(dir, x) !== 1) continue;
        let v = x + 4;
        for (const k of ["size", "compressedSize", "localOffset"] as const)
          if (m[k] === 0xffffffff) (m[k] = u64(dir, v)), (v += 8);
      }
      this.members.push(m);
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  read(m: ZipMember): Uint8Array {
    if (m.size > MAX_MEMBER || m.compressedSize > this.fileSize) throw new Error(`zip member ${m.name} declares ${m.size} bytes`);
    const head = this.bytes(m.localOffset, 30);
    if (u32(head, 0) !== LOCAL) throw new Error(`zip member ${m.name}: no local header at byte ${m.localOffset}`);
    const data = this.bytes(m.localOffset + 30 + u16(head, 26) + u16(head, 28), m.compressedSize);
    let out: Uint8Array;
    if (m.method === 0) out = data;
    else if (m.method === 8) out = inflateSync(data, { out: new Uint8Array(m.size) });
    else throw new Error(`zip member ${m.name} uses compression method ${m.method} (only stored and deflate are read)`);
    if (out.length !== m.size) throw new Error(`zip member ${m.name}: ${out.length} bytes, the directory says ${m.size}`);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}
