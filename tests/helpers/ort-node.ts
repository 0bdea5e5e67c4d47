// Tests run graphs through the same Node runner the CLI uses.
export { runOnnx, createSession, runSession, type Feed, type Fetched } from "../../lib/onnx/ort-node";
