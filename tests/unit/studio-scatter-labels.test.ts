// The scatter's labels (lib/studio/scatter-labels.ts) stay clear of each other, of other points' dots and of the
// chart's edges; the case is the studio's r ablation as drawn on 2026-12-04, where r = 0.5's label ran over r = 0's dot.
import { describe, expect, it } from "vitest";
import { type Box, type LabelPoint, labelBox, overlap, placeLabels } from "../../lib/studio/scatter-labels";

const bounds: Box = { x0: 50, y0: 4, x1: 628, y1: 230 };
const dot = (p: LabelPoint): Box => ({ x0: p.x - 5, y0: p.y - 5, x1: p.x + 5, y1: p.y + 5 });

function check(points: LabelPoint[]) {
  const placed = placeLabels(points, bounds);
  const boxes = placed.map((l, i) => labelBox(l, points[i].label));
  boxes.forEach((b, i) => {
    expect(b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1, points[i].key).toBe(true);
    boxes.forEach((c, j) => j > i && expect(overlap(b, c), `${points[i].key} vs ${points[j].key}`).toBe(0));
    points.forEach((p, j) => j !== i && expect(overlap(b, dot(p)), `${points[i].key} over ${p.key}'s dot`).toBe(0));
  });
  return placed;
}

describe("scatter labels", () => {
  it("keep clear of a neighbour 12 px away at the same accuracy", () => {
    const points = [
      { key: "r0", x: 330, y: 120, label: "#1 S r=0.00 NHS N=4" },
      { key: "r50", x: 318, y: 120, label: "#2 S r=0.50 NHS N=4" },
      { key: "r75", x: 340, y: 30, label: "#3 S r=0.75 NHS N=4" },
      { key: "r100", x: 600, y: 205, label: "#4 S r=1.00 NHS N=4" },
    ];
    const placed = check(points);
    // The naive layout (every label right of its dot in the left half) put r = 0.5's label across r = 0's dot.
    const naive = { key: "r50", x: 325, y: 123, anchor: "start" as const };
    expect(overlap(labelBox(naive, points[1].label), dot(points[0]))).toBeGreaterThan(0);
    expect(placed.find((l) => l.key === "r100")!.anchor).toBe("end"); // at the right edge the label goes left
  });

  it("keep a lone point's label level with it, on the side away from the nearer edge", () => {
    expect(placeLabels([{ key: "a", x: 100, y: 100, label: "#1 A" }], bounds)).toEqual([{ key: "a", x: 107, y: 103, anchor: "start" }]);
    expect(placeLabels([{ key: "b", x: 600, y: 100, label: "#1 B" }], bounds)).toEqual([{ key: "b", x: 593, y: 103, anchor: "end" }]);
  });
});
