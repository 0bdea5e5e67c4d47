// Picks the execution provider in the worker. ORT cannot report which EP a session ended up
// on, so we ask for an adapter ourselves and then request exactly one EP.
import type { BackendInfo, BackendPref } from "./protocol";
import { labErrors, type LabErrorInfo } from "./errors";

export interface BackendChoice {
  info: BackendInfo;
  notice?: LabErrorInfo;
}

function wasmInfo(reason: string): BackendInfo {
  const isolated = self.crossOriginIsolated === true;
  return {
    backend: "wasm",
    reason,
    threads: isolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1,
    crossOriginIsolated: isolated,
  };
}

/** A software WebGPU adapter: flagged by the browser, or SwiftShader by name (older Chromium does not flag it). */
export function isSoftwareAdapter(i: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }): boolean {
  return i.isFallbackAdapter === true || /swiftshader/i.test([i.vendor, i.architecture, i.device, i.description].join(" "));
}

export async function chooseBackend(pref: BackendPref): Promise<BackendChoice> {
  if (pref === "wasm") return { info: wasmInfo("WASM was requested") };
  let why = "";
  if (!("gpu" in navigator) || !navigator.gpu) why = "this browser has no navigator.gpu";
  else {
    try {
      const adapter = await navigator.gpu.requestAdapter();
      if (adapter) {
        const i = adapter.info;
        const name = [i.vendor, i.architecture || i.device].filter(Boolean).join(" ") || "unknown GPU";
        const software = isSoftwareAdapter(i);
        const fallback = software ? " (software fallback adapter)" : "";
        if (software && pref === "auto") {
          // A CPU rasteriser (SwiftShader) runs the lab ~100x slower than WASM: use WASM unless WebGPU is asked for.
          return { info: { ...wasmInfo(`the only WebGPU adapter is a software fallback (${name}), far slower than WASM`), softwareAdapter: name } };
        }
        return {
          info: {
            backend: "webgpu",
            reason: pref === "webgpu" ? "WebGPU was requested and an adapter is available" : "a WebGPU adapter is available",
            adapter: name + fallback,
            crossOriginIsolated: self.crossOriginIsolated === true,
          },
        };
      }
      why = "requestAdapter() returned no adapter";
    } catch (e) {
      why = `requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { info: wasmInfo(`no WebGPU: ${why}`), notice: labErrors.noWebGpu(why).toInfo() };
}
