import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { thrown } from "@/tests/unit/checkpoint-helpers";
import { CheckpointError } from "./errors";
import { readSafetensors } from "./safetensors";
import type { ParamSpec, StateDict } from "./types";
import { validateStateDict } from "./validate";

const { tensors } = readSafetensors(new Uint8Array(readFileSync("tests/fixtures/nextvit-mini/nextvit-mini.official.safetensors")));
// The spec comes from the fixture's own header, plus the num_batches_tracked buffers the official
// state dict has after every BatchNorm (the fixture leaves them out).
const spec: ParamSpec[] = [...tensors].flatMap(([key, t]) => {
  const p = { key, shape: t.dims.slice() };
  return key.endsWith(".running_var") ? [p, { key: key.replace(/running_var$/, "num_batches_tracked"), shape: [] }] : [p];
});
const copy = (): StateDict => new Map([...tensors].map(([k, t]) => [k, { ...t, data: t.data.slice() }]));

function failure(sd: StateDict, s = spec): CheckpointError {
  const e = thrown(() => validateStateDict(sd, s));
  expect(e).toBeInstanceOf(CheckpointError);
  return e as CheckpointError;
}

describe("validateStateDict", () => {
  it("accepts the official fixture against its own spec, with or without num_batches_tracked", () => {
    expect(() => validateStateDict(tensors, spec)).not.toThrow();
    const sd = copy();
    const nbt = spec.filter((p) => p.key.endsWith("num_batches_tracked"));
    expect(nbt.length).toBeGreaterThan(10);
    for (const p of nbt) sd.set(p.key, { dtype: "int64", dims: [], data: new BigInt64Array(1) });
    expect(() => validateStateDict(sd, spec)).not.toThrow();
  });

  it("names the first missing tensor in spec order and hints at the layout", () => {
    const sd = copy();
    sd.delete("features.6.e_mhsa.q.weight");
    sd.delete("features.2.mlp.conv1.bias");
    const e = failure(sd);
    expect([e.code, e.tensor]).toEqual(["LAB105", "features.2.mlp.conv1.bias"]);
    sd.set("stages.0.blocks.0.mlp.fc1.bias", tensors.get("features.2.mlp.conv1.bias")!);
    expect(failure(sd).remedy).toMatch(/layout/);
  });

  it("names an unexpected tensor", () => {
    const sd = copy();
    sd.set("head.extra.weight", tensors.get("norm.weight")!);
    const e = failure(sd);
    expect([e.code, e.tensor]).toEqual(["LAB106", "head.extra.weight"]);
  });

  it("names a wrong shape, before any later problem", () => {
    const sd = copy();
    const w = tensors.get("proj_head.0.weight")!;
    sd.set("proj_head.0.weight", { ...w, dims: [w.dims[1], w.dims[0]] });
    sd.set("zzz", w);
    const e = failure(sd);
    expect([e.code, e.tensor]).toEqual(["LAB107", "proj_head.0.weight"]);
    expect(e.message).toContain(`[${w.dims[1]}, ${w.dims[0]}]`);
  });

  it("finds NaN and ±Inf anywhere in a float tensor", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const sd = copy();
      const t = sd.get("features.3.mhca.projection.weight")!;
      (t.data as Float32Array)[t.data.length - 1] = bad;
      const e = failure(sd);
      expect([e.code, e.tensor]).toEqual(["LAB108", "features.3.mhca.projection.weight"]);
    }
  });

  it("checks the dtype when the spec gives one", () => {
    const s = spec.map((p) => (p.key === "norm.weight" ? { ...p, dtype: "int64" as const } : p));
    expect(failure(copy(), s).code).toBe("LAB104");
  });
});
