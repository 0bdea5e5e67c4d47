// Where each point's label goes in the latency/accuracy scatter, so that labels cover neither each other nor other
// points (two variants of near-equal latency and accuracy used to print one label across the other's dot). Pure
// geometry on pixel positions; text width is estimated from the character count (the chart's 10 px font).

export interface LabelPoint {
  key: string;
  x: number;
  y: number;
  label: string;
}

export interface PlacedLabel {
  key: string;
  x: number; // the text's anchor
  y: number; // its baseline
  anchor: "start" | "end";
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CHAR_W = 5.6, TEXT_H = 10, GAP = 7, DOT = 5;

/** The box a placed label's text covers (estimated). */
export function labelBox(l: PlacedLabel, label: string): Box {
  const w = label.length * CHAR_W;
  return { x0: l.anchor === "start" ? l.x : l.x - w, x1: l.anchor === "start" ? l.x + w : l.x, y0: l.y - TEXT_H + 1, y1: l.y + 2 };
}

export const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/** Tries, for each point in turn, its label right or left of the dot (the side away from the nearer edge first),
 *  level with it, then above and below; the first place inside `bounds` that touches no earlier label and no other
 *  dot wins, else the least covered one. */
export function placeLabels(points: readonly LabelPoint[], bounds: Box): PlacedLabel[] {
  const dots: Box[] = points.map((p) => ({ x0: p.x - DOT, y0: p.y - DOT, x1: p.x + DOT, y1: p.y + DOT }));
  const taken: Box[] = [];
  const out: PlacedLabel[] = [];
  points.forEach((p, i) => {
    const preferLeft = p.x > (bounds.x0 + bounds.x1) / 2;
    const sides: ("start" | "end")[] = preferLeft ? ["end", "start"] : ["start", "end"];
    let best: { place: PlacedLabel; box: Box; cost: number } | null = null;
    for (const dy of [0, -TEXT_H - 1, TEXT_H + 1]) {
      for (const anchor of sides) {
        const place: PlacedLabel = { key: p.key, x: anchor === "start" ? p.x + GAP : p.x - GAP, y: p.y + 3 + dy, anchor };
        const box = labelBox(place, p.label);
        const outside = Math.max(0, bounds.x0 - box.x0) + Math.max(0, box.x1 - bounds.x1) + Math.max(0, bounds.y0 - box.y0) + Math.max(0, box.y1 - bounds.y1);
        const cost = outside * 100 + taken.reduce((s, b) => s + overlap(box, b), 0) + dots.reduce((s, b, j) => s + (j === i ? 0 : overlap(box, b)), 0);
        if (!best || cost < best.cost) best = { place, box, cost };
        if (cost === 0) break;
      }
      if (best?.cost === 0) break;
    }
    taken.push(best!.box);
    out.push(best!.place);
  });
  return out;
}
