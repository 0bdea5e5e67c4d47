import { describe, expect, it } from "vitest";
import { isSoftwareAdapter } from "@/lib/runtime/backend";

describe("software WebGPU adapters", () => {
  it("are recognised by the browser's flag or by SwiftShader's name, and real GPUs are not", () => {
    expect(isSoftwareAdapter({ vendor: "google", architecture: "swiftshader", device: "", description: "" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "google", architecture: "", device: "", description: "SwiftShader Device (Subzero)" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "microsoft", architecture: "", isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "nvidia", architecture: "hopper", device: "", description: "", isFallbackAdapter: false })).toBe(false);
    expect(isSoftwareAdapter({ vendor: "apple", architecture: "metal-3" })).toBe(false);
  });
});
