// Out-of-memory failures are raised for real here (V8 allocation limits, WebAssembly memory
// growth) and must become LAB203 with a way out; checkpoint errors keep their LAB1nn code and
// show their remedy once; anything else is a LAB207 naming the step.
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint } from "@/lib/checkpoint";
import { toLabError } from "@/lib/runtime/errors";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("toLabError on real failures", () => {
  it("allocation failures raised by V8 and WebAssembly are out-of-memory (LAB203) with a smaller model / WASM way out", () => {
    const failures = [
      thrown(() => new ArrayBuffer(2 ** 52)),
      thrown(() => new Float32Array(2 ** 40)),
      thrown(() => new WebAssembly.Memory({ initial: 1, maximum: 2 }).grow(10)),
    ];
    for (const e of failures) {
      const info = toLabError(e, "running the model");
      expect(info.code, String(e)).toBe("LAB203");
      expect(info.message).toBe("Out of memory while running the model.");
      expect(info.remedy).toMatch(/smaller model.*WASM/);
    }
  });

  it("onnxruntime's own allocation messages are out-of-memory too", () => {
    // Strings from ort-wasm-simd-threaded.jsep.wasm (strings | grep -i allocate) and emscripten.
    for (const m of ["Failed to allocate memory for requested buffer of size 1073741824", "std::bad_alloc", "Aborted(OOM)"]) {
      expect(toLabError(new Error(m), "creating the session").code).toBe("LAB203");
    }
  });

  it("a checkpoint error keeps its code and states its remedy once", () => {
    const e = thrown(() => loadCheckpoint(new Uint8Array(0), "w.safetensors"));
    expect(e).toBeInstanceOf(CheckpointError);
    const info = toLabError(e, "loading weights");
    expect(info.code).toBe("LAB205");
    expect(info.message).toMatch(/the file is empty.*\[LAB101\]$/);
    const remedy = (e as CheckpointError).remedy;
    expect(info.remedy).toBe(remedy);
    expect(info.message).not.toContain(remedy);
  });

  it("other failures are LAB207 naming the step", () => {
    const info = toLabError(new TypeError("x is not a function"), "compiling the graph");
    expect(info.code).toBe("LAB207");
    expect(info.message).toContain("compiling the graph: x is not a function");
  });
});
