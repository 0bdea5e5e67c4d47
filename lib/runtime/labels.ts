// Class names for predictions. Untrained models still get ImageNet names for their 1000
// logits, but the UI marks every prediction of an untrained model as meaningless.
export interface LabelSet {
  names: string[];
}

const cache = new Map<string, Promise<LabelSet>>();

export function loadLabels(url: string): Promise<LabelSet> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`labels ${url}: HTTP ${r.status}`);
      return { names: ((await r.json()) as { names: string[] }).names };
    });
    cache.set(url, p);
  }
  return p;
}

export function labelFor(names: string[] | null, index: number): string {
  return names?.[index] ?? `class ${index}`;
}

export function softmaxTopK(logits: Float32Array, k: number): { index: number; logit: number; prob: number }[] {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let z = 0;
  for (const v of logits) z += Math.exp(v - max);
  const idx = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]).slice(0, k);
  return idx.map((index) => ({ index, logit: logits[index], prob: Math.exp(logits[index] - max) / z }));
}
