// A tiny static server for the browser half of the bench: COOP/COEP (WASM threads need
// cross-origin isolation), onnxruntime-web's dist under /ort/, the page bundle, and the bench
// models from memory. Listens on 127.0.0.1 at a free port; close() when done.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const ORT_DIST = fileURLToPath(new URL("../../node_modules/onnxruntime-web/dist/", import.meta.url));
const TYPES: Record<string, string> = { mjs: "text/javascript", js: "text/javascript", wasm: "application/wasm", json: "application/json", html: "text/html" };
const HTML = `<!doctype html><meta charset="utf-8"><title>lab bench</title>
<script type="module">import * as ort from "/ort/ort.wasm.min.mjs"; globalThis.ort = ort; await import("/bench.js"); globalThis.benchReady = true;</script>`;

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function startBenchServer(files: Record<string, Uint8Array | string>): Promise<BenchServer> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./page.ts", import.meta.url))],
    bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, minify: false,
  });
  const routes = new Map<string, Uint8Array | string>([["/", HTML], ["/bench.js", bundle.outputFiles[0].text]]);
  for (const [k, v] of Object.entries(files)) routes.set(`/models/${k}`, v);
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const ext = path === "/" ? "html" : (path.split(".").pop() ?? "");
    let body = routes.get(path);
    if (body === undefined && path.startsWith("/ort/") && !path.includes("..")) body = await readFile(ORT_DIST + path.slice(5)).catch(() => undefined);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    if (body === undefined) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("Content-Type", TYPES[ext] ?? "application/octet-stream");
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}
