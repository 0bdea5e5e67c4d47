// Builds an IR Graph node by node. Value and node names are derived from a caller-given
// base (usually the PyTorch module path) and made unique here, so graph outputs and taps
// stay readable and stable across builds of the same architecture.
import { type Attr, type DType, type Graph, type Node, type TapInfo, type Tensor, type ValueInfo, int64 } from "./ir";

export class GraphBuilder {
  private readonly used = new Set<string>();
  readonly nodes: Node[] = [];
  readonly initializers = new Map<string, Tensor>();
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  readonly taps: TapInfo[] = [];

  constructor(
    readonly name: string,
    readonly opset = 17,
  ) {}

  /** `base` if still free, else `base_1`, `base_2`, …; the name is reserved. */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  input(name: string, dtype: DType, dims: (number | string)[]): string {
    if (this.used.has(name)) throw new Error(`GraphBuilder: input name "${name}" already used`);
    this.used.add(name);
    this.inputs.push({ name, dtype, dims });
    return name;
  }

  /** Adds a weight or constant; returns its (unique) value name. */
  initializer(name: string, tensor: Tensor): string {
    const n = this.unique(name);
    this.initializers.set(n, tensor);
    return n;
  }

  /** An int64 constant, e.g. a Reshape target shape. */
  ints(name: string, values: number[]): string {
    return this.initializer(name, int64([values.length], values));
  }

  /**
   * Appends a node; returns its output value names. A single-output node's output takes the
   * node's name; further outputs get `:i` suffixes.
   */
  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, name?: string, numOutputs = 1): string[] {
    const nodeName = this.unique(name ?? op);
    const outputs: string[] = [];
    for (let i = 0; i < numOutputs; i++) outputs.push(i === 0 ? nodeName : this.unique(`${nodeName}:${i}`));
    this.nodes.push({ op, name: nodeName, inputs, outputs, attrs });
    return outputs;
  }

  /** `node` for the common single-output case. */
  op(op: string, inputs: string[], attrs: Record<string, Attr> = {}, name?: string): string {
    return this.node(op, inputs, attrs, name, 1)[0];
  }

  /**
   * Exposes `value` as graph output `name` (an Identity node when the names differ, so
   * the producing node keeps its own name).
   */
  output(value: string, name = value, dtype: DType = "float32", dims: (number | string)[] = []): string {
    if (this.outputs.some((o) => o.name === name)) return name;
    if (value !== name) {
      if (this.used.has(name)) throw new Error(`GraphBuilder: output name "${name}" already used`);
      this.used.add(name);
      this.nodes.push({ op: "Identity", name, inputs: [value], outputs: [name], attrs: {} });
    }
    this.outputs.push({ name, dtype, dims });
    return name;
  }

  tap(info: TapInfo): void {
    this.taps.push(info);
  }

  build(): Graph {
    return {
      name: this.name,
      opset: this.opset,
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      initializers: new Map(this.initializers),
      nodes: [...this.nodes],
      taps: [...this.taps],
    };
  }
}
