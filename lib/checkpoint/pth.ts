// PyTorch's torch.save zip format: `<top>/data.pkl` (a pickle whose tensors point at
// storages through persistent ids) and `<top>/data/<key>` (raw little-endian storages).
import type { Tensor, TensorData } from "../onnx/ir";
import { numel as dimsNumel } from "../onnx/ir";
import { decodeRaw, RAW_DTYPE_SIZE, RAW_TO_IR, type RawDType } from "./dtypes";
import { CheckpointError } from "./errors";
import { PyObject, unpickle, type PyCallable } from "./pickle";
import type { StateDict } from "./types";
import { unzipGuarded } from "./zip";

class StorageType {
  constructor(readonly raw: RawDType) {}
}

class Storage {
  decoded: TensorData | null = null;
  handedOut = false;
  constructor(readonly key: string, readonly raw: RawDType, readonly numel: number, readonly bytes: Uint8Array) {}
}

class TorchTensor {
  constructor(readonly tensor: Tensor) {}
}

const STORAGE_TYPES: Record<string, RawDType> = {
  FloatStorage: "F32", HalfStorage: "F16", BFloat16Storage: "BF16", DoubleStorage: "F64", LongStorage: "I64",
  IntStorage: "I32", ShortStorage: "I16", CharStorage: "I8", ByteStorage: "U8", BoolStorage: "BOOL",
  UntypedStorage: "U8",
};
const TORCH_DTYPES = new Set([
  "float32", "float", "float16", "half", "bfloat16", "float64", "double", "int64", "long", "int32", "int",
  "int16", "int8", "uint8", "bool",
]);

function fn(qualname: string, call: (args: unknown[]) => unknown): PyCallable {
  return { qualname, call };
}
function opaque(qualname: string): PyCallable {
  return fn(qualname, (args) => new PyObject(qualname, args));
}
function marker(qualname: string, value: unknown): PyCallable & { value: unknown } {
  return {
    qualname,
    value,
    call: () => {
      throw new CheckpointError("LAB110", `the pickle calls ${qualname}`, { tensor: qualname });
    },
  };
}

/** Storage + view -> a fresh tensor; strides may be anything, bounds are checked first. */
function rebuild(args: unknown[], budget: Budget): TorchTensor {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof Storage)) throw new CheckpointError("LAB102", "tensor without a storage");
  const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
  if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !ints(size) || !ints(stride) || size.length !== stride.length) {
    throw new CheckpointError("LAB102", `tensor in storage ${storage.key} has an invalid offset, size or stride`);
  }
  const n = dimsNumel(size);
  let last = offset as number;
  for (let i = 0; i < size.length; i++) last += (size[i] - 1) * stride[i];
  if (n > 0 && (last >= storage.numel || !Number.isSafeInteger(n))) {
    throw new CheckpointError("LAB103", `tensor [${size.join(", ")}] at offset ${offset} reads past storage ${storage.key} of ${storage.numel} elements`);
  }
  spend(budget, n);
  if (!storage.decoded) storage.decoded = decodeRaw(storage.bytes, storage.raw, [storage.numel]).data;
  const src = storage.decoded;
  const dtype = RAW_TO_IR[storage.raw];
  // The usual case, one tensor spanning its whole storage, takes the decoded copy as is;
  // any second view of the same storage gets its own copy, so tensors never alias.
  const whole = offset === 0 && n === storage.numel && isContiguous(size, stride) && !storage.handedOut;
  storage.handedOut = true;
  const data = whole ? src : gather(src, offset as number, size, stride, n);
  return new TorchTensor({ dtype, dims: size.slice(), data });
}

function isContiguous(size: number[], stride: number[]): boolean {
  for (let i = size.length - 1, s = 1; i >= 0; i--) {
    if (size[i] !== 1 && stride[i] !== s) return false;
    s *= size[i];
  }
  return true;
}

function gather(src: TensorData, offset: number, size: number[], stride: number[], n: number): TensorData {
  if (isContiguous(size, stride)) return src.slice(offset, offset + n) as TensorData;
  const out = new (src.constructor as { new (n: number): TensorData })(n);
  const idx = new Array<number>(size.length).fill(0);
  let p = offset;
  for (let k = 0; k < n; k++) {
    (out as Float32Array)[k] = (src as Float32Array)[p];
    for (let d = size.length - 1; d >= 0; d--) {
      if (++idx[d] < size[d]) { p += stride[d]; break; }
      p -= (size[d] - 1) * stride[d];
      idx[d] = 0;
    }
  }
  return out;
}

function globals(budget: Budget): Map<string, PyCallable> {
  const g = new Map<string, PyCallable>();
  const add = (c: PyCallable) => g.set(c.qualname, c);
  add(fn("collections.OrderedDict", () => new Map()));
  const v2 = fn("torch._utils._rebuild_tensor_v2", (a) => rebuild(a, budget));
  add(v2);
  add(fn("torch._utils._rebuild_tensor", (a) => rebuild(a, budget)));
  add(fn("torch._utils._rebuild_parameter", (a) => a[0]));
  add(fn("torch._utils._rebuild_parameter_with_state", (a) => a[0]));
  add(fn("torch._tensor._rebuild_from_type_v2", (a) => {
    const f = a[0] as PyCallable | undefined;
    if (!f || f !== v2 || !Array.isArray(a[2])) throw new CheckpointError("LAB110", "_rebuild_from_type_v2 of something other than a tensor");
    return f.call(a[2] as unknown[]);
  }));
  add(marker("torch.nn.parameter.Parameter", null));
  add(marker("torch.Tensor", null));
  for (const [name, raw] of Object.entries(STORAGE_TYPES)) {
    add(marker(`torch.${name}`, new StorageType(raw)));
    add(marker(`torch.storage.${name}`, new StorageType(raw)));
  }
  for (const d of TORCH_DTYPES) add(marker(`torch.${d}`, `torch.${d}`));
  add(opaque("argparse.Namespace"));
  // Training scripts often store numpy scalars (best accuracy...); kept opaque, never used.
  for (const m of ["numpy.core.multiarray", "numpy._core.multiarray"]) add(opaque(`${m}.scalar`));
  add(opaque("numpy.dtype"));
  add(fn("_codecs.encode", (a) => {
    if (typeof a[0] !== "string" || a[1] !== "latin1") throw new CheckpointError("LAB110", "_codecs.encode other than latin1");
    return Uint8Array.from(a[0], (c) => c.charCodeAt(0) & 0xff);
  }));
  return g;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

type Budget = { left: number };

function spend(budget: Budget, n: number): void {
  budget.left -= n;
  if (budget.left < 0) throw new CheckpointError("LAB103", "tensors in the pickle add up to more elements than the file holds");
}

/** Everything pickled in the file (tensors as TorchTensor), and what is left of the element budget. */
function loadPickled(bytes: Uint8Array): { obj: unknown; budget: Budget } {
  if (!isZip(bytes)) {
    throw new CheckpointError("LAB109", "not a torch zip file (legacy torch.save format or another file)", {
      remedy: "Re-save it with torch >= 1.6 (torch.save(obj, path)) or convert it to safetensors.",
    });
  }
  const entries = unzipGuarded(bytes, (n) => /^[^/]+\/(data\.pkl|byteorder|data\/[^/]+)$/.test(n), 4 * bytes.length + 64 * 2 ** 20);
  for (const [n, b] of entries) {
    if (n.endsWith("/byteorder") && new TextDecoder().decode(b).trim() === "big") {
      throw new CheckpointError("LAB104", "the storages are big-endian", {
        remedy: "Re-save the checkpoint on a little-endian machine, or convert it to safetensors.",
      });
    }
  }
  const pkls = [...entries.keys()].filter((n) => n.endsWith("/data.pkl"));
  if (pkls.length !== 1) throw new CheckpointError("LAB109", `zip holds ${pkls.length} data.pkl files, expected one`);
  const top = pkls[0].slice(0, -"data.pkl".length);
  let storageBytes = 0;
  for (const [n, b] of entries) if (n.includes("/data/")) storageBytes += b.length;
  const budget = { left: 2 * storageBytes + 2 ** 20 };
  const allowed = globals(budget);
  const storages = new Map<string, Storage>();
  const obj = unpickle(entries.get(pkls[0])!, {
    findGlobal: (module, name) => allowed.get(`${module}.${name}`),
    persistentLoad: (pid) => {
      if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length < 5) throw new CheckpointError("LAB110", "persistent id other than a storage");
      const [, typ, key, , count] = pid;
      const st = (typ as { value?: unknown })?.value;
      if (!(st instanceof StorageType) || typeof key !== "string" || !Number.isSafeInteger(count) || count < 0) {
        throw new CheckpointError("LAB102", `storage reference ${String(key)} is malformed`);
      }
      const have = storages.get(key);
      if (have) return have;
      const data = entries.get(`${top}data/${key}`);
      if (!data) throw new CheckpointError("LAB101", `storage ${key} is missing from the archive`);
      const need = count * RAW_DTYPE_SIZE[st.raw];
      if (data.length < need) throw new CheckpointError("LAB103", `storage ${key} declares ${need} bytes, the archive has ${data.length}`);
      const s = new Storage(key, st.raw, count, data.subarray(0, need));
      storages.set(key, s);
      return s;
    },
  });
  return { obj, budget };
}

const WRAPPERS = ["model", "state_dict", "model_ema", "state_dict_ema"];

/** Picks the state dict out of a training checkpoint the way timm does; strips DataParallel's `module.`. */
export function readPth(bytes: Uint8Array): StateDict {
  const loaded = loadPickled(bytes);
  let obj = loaded.obj;
  if (obj instanceof Map) {
    for (const w of WRAPPERS) {
      const inner = obj.get(w);
      if (inner instanceof Map) { obj = inner; break; }
    }
  }
  const sd: StateDict = new Map();
  if (obj instanceof Map) {
    // A tensor pickled once and referenced under two keys (tied weights) is one object:
    // later keys get a copy so no two entries alias.
    const seen = new Set<TorchTensor>();
    for (const [k, v] of obj) {
      if (typeof k !== "string" || !(v instanceof TorchTensor)) continue;
      if (seen.has(v)) spend(loaded.budget, v.tensor.data.length);
      sd.set(k, seen.has(v) ? { ...v.tensor, dims: v.tensor.dims.slice(), data: v.tensor.data.slice() as TensorData } : v.tensor);
      seen.add(v);
    }
  }
  if (sd.size === 0) throw new CheckpointError("LAB112", "the file holds no tensors under model/state_dict or at the top level");
  const keys = [...sd.keys()];
  if (keys.every((k) => k.startsWith("module."))) {
    return new Map(keys.map((k) => [k.slice("module.".length), sd.get(k)!]));
  }
  return sd;
}
