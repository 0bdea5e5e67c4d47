// Every way a checkpoint can be wrong gets a stable code, so the CLI, the app and the
// README table can refer to the same failure, and a remedy the user can act on.

export const CHECKPOINT_ERRORS = {
  LAB101: "truncated file",
  LAB102: "bad header",
  LAB103: "offsets or sizes out of range",
  LAB104: "unsupported dtype",
  LAB105: "missing tensor",
  LAB106: "unexpected tensor",
  LAB107: "wrong shape",
  LAB108: "NaN or Inf in weights",
  LAB109: "not a checkpoint",
  LAB110: "pickle construct not allowed",
  LAB111: "corrupt archive",
  LAB112: "no state dict found",
} as const;

export type CheckpointErrorCode = keyof typeof CHECKPOINT_ERRORS;

export const ACCEPTED_FORMATS =
  "Accepted formats: safetensors (.safetensors) and PyTorch torch.save zip files (.pth/.pt/.bin).";

const DEFAULT_REMEDY: Record<CheckpointErrorCode, string> = {
  LAB101: "The file ends early: download it again and compare its size or sha256 with the source.",
  LAB102: "The header is not valid: re-export the checkpoint (safetensors.torch.save_file or torch.save).",
  LAB103: "The header points outside the data or at overlapping bytes: the file is corrupt; download or export it again.",
  LAB104: "Convert the tensors to float32, float16, bfloat16 or int64 before saving.",
  LAB105: "The checkpoint lacks this tensor: check that the model configuration (preset, depths, num_classes) matches the checkpoint.",
  LAB106: "The checkpoint holds a tensor the model does not have: check the model configuration matches the checkpoint.",
  LAB107: "The tensor's shape differs from the model's: check the configuration (e.g. num_classes, depths, widths) matches the checkpoint.",
  LAB108: "The weights contain NaN or Inf (a diverged training run?): use an earlier or a different checkpoint.",
  LAB109: ACCEPTED_FORMATS + " Export ONNX or other formats to one of these first.",
  LAB110: "The pickle asks for code the lab will not run: save only tensors (torch.save({'model': model.state_dict()})) or convert to safetensors.",
  LAB111: "The zip archive is damaged: download or export the checkpoint again.",
  LAB112: "No state dict was found in the file: save {'model': model.state_dict()} or a plain state dict.",
};

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  readonly tensor?: string;
  readonly remedy: string;

  constructor(code: CheckpointErrorCode, detail: string, opts: { tensor?: string; remedy?: string } = {}) {
    const remedy = opts.remedy ?? DEFAULT_REMEDY[code];
    super(`${code} ${CHECKPOINT_ERRORS[code]}: ${detail}. ${remedy}`);
    this.name = "CheckpointError";
    this.code = code;
    this.tensor = opts.tensor;
    this.remedy = remedy;
  }
}

export function isCheckpointError(e: unknown): e is CheckpointError {
  return e instanceof CheckpointError;
}
