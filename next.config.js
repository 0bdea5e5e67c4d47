// Cross-origin isolation (COOP/COEP) is what lets onnxruntime-web use WASM threads.
// NEXT_PUBLIC_LAB_BUILD keys the worker's compiled-model cache, so a new build of the
// compiler never reuses a graph compiled by an older one.
// Content-Security-Policy: only what the lab needs. Next.js's App Router streams its payload in
// inline <script> tags and the pages are prerendered (no per-request nonce), hence
// 'unsafe-inline' for scripts; no 'unsafe-eval' in production (dev's React refresh needs it).
// 'wasm-unsafe-eval' lets onnxruntime-web compile its WASM. Workers are same-origin or blob:.
// connect-src allows https: because "Load weights from URL" fetches from hosts the user types
// (e.g. huggingface.co); plain http: elsewhere stays blocked. Images never need the network.
const dev = process.env.NODE_ENV !== "production";
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  `connect-src 'self' https:${dev ? " ws:" : ""}`,
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `npm run test:all` type-checks the whole project with tsc first; a second check inside
  // next build costs ~25 s on two cores and adds nothing.
  typescript: { ignoreBuildErrors: true },
  env: { NEXT_PUBLIC_LAB_BUILD: process.env.NEXT_PUBLIC_LAB_BUILD ?? Date.now().toString(36) },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          { key: "Content-Security-Policy", value: csp },
        ],
      },
      // scripts/copy-ort.mjs stores onnxruntime-web's .wasm gzip-compressed, so that the server sends the bytes as
      // they are instead of compressing 14 MB per request (it leaves a response that already has an encoding alone).
      // Every browser that runs WASM threads accepts gzip.
      { source: "/ort/:file.wasm", headers: [{ key: "Content-Encoding", value: "gzip" }] },
    ];
  },
};
export default nextConfig;
