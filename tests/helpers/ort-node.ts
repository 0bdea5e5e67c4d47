// Tests run graphs through the same Node runner the CLI uses.
export { runOnnx, createSession, runSession, type Feed, type Fetched } from "../../lib/onnx/ort-node";

/** max|ours − ref| / max|ref|: the parity measure of the fixtures' READMEs. */
export function maxRelErr(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length ${ours.length} vs reference ${ref.length}`);
  let err = 0, scale = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(ours[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / scale;
}
