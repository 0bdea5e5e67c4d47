// onnxruntime-web fetches its wasm runtime at run time; serve it from our own origin
// (public/ort/) so the lab works offline and under a strict CSP.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const src = "node_modules/onnxruntime-web/dist";
const dst = "public/ort";
mkdirSync(dst, { recursive: true });
// The WebGPU build (.jsep) and the WASM-only one: lib/runtime/ort-module.ts says why a WASM worker loads the second.
const wanted = /^ort-wasm-simd-threaded\.(jsep\.)?(mjs|wasm)$/;
let n = 0;
for (const f of readdirSync(src)) {
  if (wanted.test(f)) {
    copyFileSync(join(src, f), join(dst, f));
    n++;
  }
}
if (n !== 4) throw new Error(`copy-ort: expected 4 runtime files in ${src}, found ${n}`);
console.log(`copy-ort: ${n} files -> ${dst}`);
