// The README's ablation studio links (issue 17) in Debian Chromium (WASM): each opens the studio with the r or
// hybrid-strategy variants of Next-ViT-S, every trained one shows its Imagenette accuracy from the manifest, and
// after "Measure latency" every trained one is a point on the latency/accuracy scatter (untrained ones on the
// rail). The links are read from the README, so the test follows whatever the README shows; the expected
// accuracies come from public/models/manifest.json. Screenshots go to docs/screenshots/.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { parseManifest } from "../../lib/runtime/manifest";
import { weightsStatus } from "../../lib/studio/weights";
import { parseStudioQuery } from "../../lib/url-state/parse";

const manifest = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("## Ablations"), readme.indexOf("\n## ", readme.indexOf("## Ablations") + 3));
const links = [...section.matchAll(/\]\((?:http:\/\/127\.0\.0\.1:3000)?(\/studio\?[^)\s]+)\)/g)].map((m) => m[1]);

test("the README's ablation section links to the studio", () => {
  expect(links.map((l) => new URLSearchParams(l.split("?")[1]).get("v"))).toEqual(["S0~S50~S75~S100", "S75-ccct~S75-cttt~S75"]);
});

for (const [n, link] of links.entries()) {
  test(`README studio link ${n + 1}: accuracies of the trained variants, one scatter point each`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const { state, dropped } = parseStudioQuery(link.split("?")[1]);
    expect(dropped).toEqual([]);
    const expected = state.models.map((ref) => weightsStatus(ref, manifest));
    const trained = expected.flatMap((w, i) => (w.imagenetteTop1 !== null ? [i] : []));
    expect(trained.length).toBeGreaterThan(0); // Next-ViT-S (r = 0.75, NHS) is in both links and ships trained

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(link);
    await expect(page.locator('[data-testid^="cost-row-"]')).toHaveCount(state.models.length);
    for (const [i, w] of expected.entries())
      await expect(page.getByTestId(`cost-acc-${i}`)).toHaveText(w.imagenetteTop1 !== null ? `${w.imagenetteTop1.toFixed(1)} %` : "not trained");

    await page.getByTestId("studio-measure").click();
    for (const i of state.models.keys())
      await expect(page.getByTestId(`cost-latency-${i}`)).toHaveText(new RegExp(`^\\d+\\.\\d ms ±\\d+\\.\\d \\(wasm, N=${state.runs}\\)$`), { timeout: 170_000 });
    const points = page.getByTestId("section-scatter").getByTestId("scatter-point");
    await expect(points).toHaveCount(trained.length);
    const placed = await points.evaluateAll((els) => els.map((e) => [e.getAttribute("data-label"), e.getAttribute("data-accuracy")]));
    expect(placed).toEqual(trained.map((i) => [expect.stringMatching(new RegExp(`^#${i + 1} `)), String(expected[i].imagenetteTop1)]));
    await expect(page.getByTestId("section-scatter").getByTestId("scatter-rail-point")).toHaveCount(state.models.length - trained.length);
    await page.getByTestId("section-scatter").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/studio-ablation-${n === 0 ? "r" : "strategy"}-1440x900.png` });
    expect(errors).toEqual([]);
  });
}
