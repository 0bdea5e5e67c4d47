// Points of the latency/accuracy scatter (the paper's Fig. 1 style). A model without a measured accuracy is
// never placed on the accuracy axis: it goes on a separate "untrained" rail, at its latency only.

export interface ScatterInput {
  key: string;
  label: string;
  latencyMs: number | null;
  accuracy: number | null;
}

export interface ScatterLayout {
  placed: { key: string; label: string; latencyMs: number; accuracy: number }[];
  rail: { key: string; label: string; latencyMs: number }[];
  pending: { key: string; label: string }[];
  latencyDomain: [number, number];
  accuracyDomain: [number, number] | null;
}

function pad([lo, hi]: [number, number], frac: number, floor = -Infinity): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [Math.max(floor, lo - span * frac), hi + span * frac];
}

export function scatterLayout(points: readonly ScatterInput[]): ScatterLayout {
  const placed: ScatterLayout["placed"] = [];
  const rail: ScatterLayout["rail"] = [];
  const pending: ScatterLayout["pending"] = [];
  for (const p of points) {
    if (p.latencyMs === null || !Number.isFinite(p.latencyMs)) pending.push({ key: p.key, label: p.label });
    else if (p.accuracy === null || !Number.isFinite(p.accuracy)) rail.push({ key: p.key, label: p.label, latencyMs: p.latencyMs });
    else placed.push({ key: p.key, label: p.label, latencyMs: p.latencyMs, accuracy: p.accuracy });
  }
  const lat = [...placed, ...rail].map((p) => p.latencyMs);
  const acc = placed.map((p) => p.accuracy);
  return {
    placed,
    rail,
    pending,
    latencyDomain: lat.length ? pad([Math.min(...lat), Math.max(...lat)], 0.1, 0) : [0, 1],
    accuracyDomain: acc.length ? pad([Math.min(...acc), Math.max(...acc)], 0.1) : null,
  };
}
