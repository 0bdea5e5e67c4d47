// A minimal pickle virtual machine for what torch.save emits (protocols 2-5). It never
// imports or runs anything: globals resolve only through the caller's allowlist, and a
// global outside it stops the load with LAB110 naming it. Every length read from the
// stream is checked against the bytes left before anything is allocated.
import { copyBytes } from "./dtypes";
import { CheckpointError } from "./errors";

/** A Python callable the caller agreed to model. */
export interface PyCallable {
  readonly qualname: string;
  call(args: unknown[]): unknown;
}

/** Instance made by NEWOBJ or an opaque REDUCE; BUILD stores its state, nothing runs. */
export class PyObject {
  state: unknown = undefined;
  constructor(readonly qualname: string, readonly args: unknown[]) {}
}

export interface PickleHooks {
  findGlobal(module: string, name: string): PyCallable | undefined;
  persistentLoad(pid: unknown): unknown;
}

const MAX_INT_BYTES = 256;

export function unpickle(data: Uint8Array, hooks: PickleHooks): unknown {
  let pos = 0;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: false });

  const fail = (detail: string): never => {
    throw new CheckpointError("LAB102", `pickle byte ${pos}: ${detail}`, {
      remedy: "The pickle stream is corrupt: download or export the checkpoint again.",
    });
  };
  const need = (n: number): void => {
    if (n < 0 || pos + n > data.length) {
      throw new CheckpointError("LAB101", `pickle stream ends at byte ${data.length}, needed ${n} more bytes at ${pos}`);
    }
  };
  const u8 = (): number => (need(1), data[pos++]);
  const u16 = (): number => (need(2), (pos += 2), dv.getUint16(pos - 2, true));
  const u32 = (): number => (need(4), (pos += 4), dv.getUint32(pos - 4, true));
  const i32 = (): number => (need(4), (pos += 4), dv.getInt32(pos - 4, true));
  const u64 = (): number => {
    const lo = u32();
    const hi = u32();
    if (hi > 0x1fffff) fail("8-byte length too large");
    return hi * 2 ** 32 + lo;
  };
  const take = (n: number): Uint8Array => (need(n), (pos += n), data.subarray(pos - n, pos));
  const text = (n: number): string => utf8.decode(take(n));
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) need(data.length - pos + 1);
    const s = new TextDecoder("latin1").decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): unknown => (stack.length === 0 ? fail("stack underflow") : stack.pop());
  const top = (): unknown => (stack.length === 0 ? fail("stack underflow") : stack[stack.length - 1]);
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail("no MARK on the stack");
    return stack.splice(m as number);
  };
  const signedLE = (b: Uint8Array): number | bigint => {
    if (b.length > MAX_INT_BYTES) fail(`integer of ${b.length} bytes`);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b.length && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const global = (module: string, name: string): PyCallable => {
    const g = hooks.findGlobal(module, name);
    if (!g) {
      throw new CheckpointError("LAB110", `the pickle asks for global ${module}.${name}`, { tensor: `${module}.${name}` });
    }
    return g;
  };
  const callable = (f: unknown): PyCallable => {
    if (!(f instanceof Object) || typeof (f as PyCallable).call !== "function") fail("call of a non-callable");
    return f as PyCallable;
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) fail("SETITEM on a non-dict");
    if (items.length % 2) fail("odd number of dict items");
    for (let i = 0; i < items.length; i += 2) (target as Map<unknown, unknown>).set(items[i], items[i + 1]);
  };
  const memoGet = (i: number): unknown => (memo.has(i) ? memo.get(i) : fail(`memo ${i} is empty`));

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: a hint only
      case 0x2e: return pop(); // STOP
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x91: stack.push(new Set(popMark())); break; // FROZENSET
      case 0x64: { const m = new Map(); setItems(m, popMark()); stack.push(m); break; } // DICT
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: stack.push(signedLE(take(u8()))); break; // LONG1
      case 0x8b: { const n = i32(); if (n < 0) fail("negative LONG4 length"); stack.push(signedLE(take(n))); break; }
      case 0x47: need(8); stack.push(dv.getFloat64(pos, false)); pos += 8; break; // BINFLOAT (big-endian)
      case 0x58: stack.push(text(u32())); break; // BINUNICODE
      case 0x8c: stack.push(text(u8())); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(text(u64())); break; // BINUNICODE8
      case 0x54: { const n = i32(); if (n < 0) fail("negative string length"); stack.push(text(n)); break; } // BINSTRING
      case 0x55: stack.push(text(u8())); break; // SHORT_BINSTRING
      case 0x42: stack.push(copyBytes(take(u32()))); break; // BINBYTES
      case 0x43: stack.push(copyBytes(take(u8()))); break; // SHORT_BINBYTES
      case 0x8e: stack.push(copyBytes(take(u64()))); break; // BINBYTES8
      case 0x96: stack.push(copyBytes(take(u64()))); break; // BYTEARRAY8
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: stack.push(memoGet(u8())); break; // BINGET
      case 0x6a: stack.push(memoGet(u32())); break; // LONG_BINGET
      case 0x70: { const i = Number(line()); if (!Number.isSafeInteger(i)) fail("bad PUT index"); memo.set(i, top()); break; }
      case 0x67: { const i = Number(line()); if (!Number.isSafeInteger(i)) fail("bad GET index"); stack.push(memoGet(i)); break; }
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") fail("STACK_GLOBAL needs two strings");
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: { const args = pop(); const f = callable(pop()); stack.push(f.call(asArgs(args, fail))); break; } // REDUCE
      case 0x81: { const args = pop(); const f = callable(pop()); stack.push(f.call(asArgs(args, fail))); break; } // NEWOBJ
      case 0x92: { pop(); const args = pop(); const f = callable(pop()); stack.push(f.call(asArgs(args, fail))); break; } // NEWOBJ_EX
      case 0x62: { // BUILD: record state on our own objects; dict subclasses (OrderedDict._metadata) drop it
        const state = pop();
        const obj = top();
        if (obj instanceof PyObject) obj.state = state;
        break;
      }
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) fail("APPEND to a non-list"); (l as unknown[]).push(v); break; }
      case 0x65: { // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) fail("APPENDS to a non-list");
        for (const it of items) (l as unknown[]).push(it);
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) fail("ADDITEMS to a non-set");
        for (const it of items) (s as Set<unknown>).add(it);
        break;
      }
      case 0x51: stack.push(hooks.persistentLoad(pop())); break; // BINPERSID
      default:
        throw new CheckpointError("LAB110", `pickle opcode 0x${op.toString(16).padStart(2, "0")} at byte ${pos - 1} is not supported`);
    }
  }
}

function asArgs(v: unknown, fail: (d: string) => never): unknown[] {
  if (!Array.isArray(v)) fail("call arguments are not a tuple");
  return v as unknown[];
}
