// Cross-origin isolation (COOP/COEP) is what lets onnxruntime-web use WASM threads.
// NEXT_PUBLIC_LAB_BUILD keys the worker's compiled-model cache, so a new build of the
// compiler never reuses a graph compiled by an older one.
/** @type {import('next').NextConfig} */
const nextConfig = {
  env: { NEXT_PUBLIC_LAB_BUILD: process.env.NEXT_PUBLIC_LAB_BUILD ?? Date.now().toString(36) },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
        ],
      },
    ];
  },
};
export default nextConfig;
