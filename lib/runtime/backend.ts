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
        const fallback = (i as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ? " (software fallback adapter)" : "";
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
