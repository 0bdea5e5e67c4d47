// The contract between the reverse-mode pass and its per-op rules. A rule sees the forward
// node, the incoming gradients of its outputs and which inputs need a gradient; it emits
// IR nodes through the emitter and returns one gradient value per input (undefined where
// none is needed or the input is a constant).
import type { Attr, Node, Tensor } from "../ir";

export interface GradEmitter {
  /** Static shape of a forward value (the gradient of a value has the same shape). */
  shape(value: string): number[];
  /** The tensor behind an initializer, or undefined for a computed value. */
  constant(value: string): Tensor | undefined;
  /** Adds a constant; returns its value name. */
  tensor(hint: string, t: Tensor): string;
  /** A float32 scalar constant (shared between uses). */
  scalar(v: number): string;
  /** A 1-D int64 constant (shared between uses). */
  ints(values: number[]): string;
  /** Emits one node; returns its outputs. */
  emit(op: string, inputs: string[], attrs?: Record<string, Attr>, numOutputs?: number): string[];
  /** `emit` for the single-output case. */
  op(op: string, inputs: string[], attrs?: Record<string, Attr>): string;
}

export interface VjpArgs {
  node: Node;
  /** Gradient of each output; undefined where nothing downstream depends on it. */
  dy: (string | undefined)[];
  /** Whether each input needs a gradient (it depends on a tap). */
  needs: boolean[];
  g: GradEmitter;
}

export interface VjpRule {
  op: string;
  vjp(args: VjpArgs): (string | undefined)[];
}

/** A node the backward pass cannot differentiate; names the op, the node and the way out. */
export class GradError extends Error {
  constructor(
    message: string,
    readonly op: string,
    readonly node: string,
  ) {
    super(message);
    this.name = "GradError";
  }
}

export function unsupported(node: Node, what: string): GradError {
  return new GradError(`gradient of ${node.op} (node "${node.name}"): ${what}`, node.op, node.name);
}
