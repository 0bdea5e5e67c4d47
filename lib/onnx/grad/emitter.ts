// Collects the nodes and constants a backward pass emits. Names live under `grad/` so they
// can never collide with forward values; small constants (scalars, shape vectors) are shared.
import type { Attr, Graph, Node, Tensor } from "../ir";
import { float32, int64 } from "../ir";
import type { GradEmitter } from "./types";

export class Emitter implements GradEmitter {
  readonly nodes: Node[] = [];
  readonly constants = new Map<string, Tensor>();
  private readonly cache = new Map<string, string>();
  private count = 0;
  scope = "";

  constructor(
    private readonly graph: Graph,
    private readonly shapes: Map<string, number[]>,
  ) {}

  shape(value: string): number[] {
    const s = this.shapes.get(value);
    if (!s) throw new Error(`buildGradGraph: no static shape for "${value}"`);
    return s;
  }

  constant(value: string): Tensor | undefined {
    return this.graph.initializers.get(value) ?? this.constants.get(value);
  }

  tensor(hint: string, t: Tensor): string {
    const name = this.fresh(hint);
    this.constants.set(name, t);
    return name;
  }

  scalar(v: number): string {
    return this.shared(`f:${v}`, () => float32([], [v]));
  }

  ints(values: number[]): string {
    return this.shared(`i:${values.join(",")}`, () => int64([values.length], values));
  }

  emit(op: string, inputs: string[], attrs: Record<string, Attr> = {}, numOutputs = 1): string[] {
    const name = this.fresh(op);
    const outputs = Array.from({ length: numOutputs }, (_, i) => (i === 0 ? name : `${name}:${i}`));
    this.nodes.push({ op, name, inputs, outputs, attrs });
    return outputs;
  }

  op(op: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.emit(op, inputs, attrs, 1)[0];
  }

  private shared(key: string, make: () => Tensor): string {
    let name = this.cache.get(key);
    if (!name) {
      name = `grad/const${this.cache.size}`;
      this.constants.set(name, make());
      this.cache.set(key, name);
    }
    return name;
  }

  private fresh(hint: string): string {
    return `grad/${this.scope}${hint}#${this.count++}`;
  }
}
