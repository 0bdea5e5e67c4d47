export type { ParamSpec, StateDict } from "./types";
export { CheckpointError, CHECKPOINT_ERRORS, ACCEPTED_FORMATS, isCheckpointError, type CheckpointErrorCode } from "./errors";
export { readSafetensors, writeSafetensors, MAX_HEADER_BYTES, type SafetensorsFile } from "./safetensors";
export { readPth } from "./pth";
export { loadCheckpoint, detectCheckpointFormat, type CheckpointFormat } from "./load";
export { validateStateDict } from "./validate";
export { randomStateDict } from "./random";
