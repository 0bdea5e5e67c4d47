// The build's id (next.config.js sets NEXT_PUBLIC_LAB_BUILD at build time): it keys compiled graphs and names
// the Cache API cache that holds them, so a new deployment never reads, and clears out, an old one's graphs.
export const BUILD = process.env.NEXT_PUBLIC_LAB_BUILD ?? "dev";
