// One entry point for user files: the format is decided by magic bytes, never by the name.
import { ACCEPTED_FORMATS, CheckpointError } from "./errors";
import { isZip, readPth } from "./pth";
import { dequantize } from "./quantized";
import { readSafetensors } from "./safetensors";
import type { StateDict } from "./types";

export type CheckpointFormat = "safetensors" | "pth" | "legacy-pth" | "onnx" | "lfs-pointer" | "unknown";

const LFS_POINTER = "version https://git-lfs";

export function detectCheckpointFormat(bytes: Uint8Array): CheckpointFormat {
  if (isZip(bytes)) return "pth";
  // safetensors: u64 header length, then the JSON object's "{" (4 high bytes of a sane length are 0).
  if (bytes.length >= 9 && bytes[8] === 0x7b && bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0) {
    return "safetensors";
  }
  // torch.save before 1.6 wrote bare pickles (PROTO opcode first).
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return "legacy-pth";
  if (new TextDecoder().decode(bytes.subarray(0, LFS_POINTER.length)) === LFS_POINTER) return "lfs-pointer";
  // ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
  if (bytes.length >= 2 && bytes[0] === 0x08 && bytes[1] > 0 && bytes[1] < 0x20) return "onnx";
  return "unknown";
}

export function loadCheckpoint(bytes: Uint8Array, fileName?: string): StateDict {
  const format = detectCheckpointFormat(bytes);
  const name = fileName ? `${fileName}: ` : "";
  if (format === "pth") return readPth(bytes);
  if (format === "safetensors") {
    const f = readSafetensors(bytes);
    return dequantize(f.tensors, f.metadata, { consume: true }); // the tensors were decoded for this call alone
  }
  if (bytes.length === 0) throw new CheckpointError("LAB101", `${name}the file is empty`);
  if (format === "onnx") {
    throw new CheckpointError("LAB109", `${name}this looks like an ONNX model, not a checkpoint`, {
      remedy: `The lab builds its own ONNX graph from weights. ${ACCEPTED_FORMATS}`,
    });
  }
  if (format === "legacy-pth") {
    throw new CheckpointError("LAB109", `${name}this is a pre-1.6 torch.save file (bare pickle, not a zip)`, {
      remedy: "Re-save it with torch >= 1.6 (torch.save(torch.load(f), f)) or convert it to safetensors.",
    });
  }
  if (format === "lfs-pointer") {
    throw new CheckpointError("LAB109", `${name}this is a Git LFS pointer file, not the weights`, {
      remedy: "Fetch the real file (git lfs pull, or download it from the model page) and load that.",
    });
  }
  throw new CheckpointError("LAB109", `${name}unrecognised file format`);
}
