// onnxruntime-web fetches its wasm runtime at run time; serve it from our own origin
// (public/ort/) so the lab works offline and under a strict CSP.
// The .wasm files are stored gzip-compressed (next.config.js serves them with Content-Encoding: gzip): otherwise
// `next start` gzips the 14 MB runtime on every request, ~0.3 s of the server's CPU and of the first visit's wait
// on this project's 2-core host (README, Benchmarks).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const src = "node_modules/onnxruntime-web/dist";
const dst = "public/ort";
mkdirSync(dst, { recursive: true });
// The WebGPU build (.jsep) and the WASM-only one: lib/runtime/ort-module.ts says why a WASM worker loads the second.
const wanted = /^ort-wasm-simd-threaded\.(jsep\.)?(mjs|wasm)$/;
let n = 0;
for (const f of readdirSync(src)) {
  if (wanted.test(f)) {
    if (f.endsWith(".wasm")) writeFileSync(join(dst, f), gzipSync(readFileSync(join(src, f)), { level: 9 }));
    else copyFileSync(join(src, f), join(dst, f));
    n++;
  }
}
if (n !== 4) throw new Error(`copy-ort: expected 4 runtime files in ${src}, found ${n}`);
console.log(`copy-ort: ${n} files -> ${dst} (the .wasm gzip-compressed)`);
