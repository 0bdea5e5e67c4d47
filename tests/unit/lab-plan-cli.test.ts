// `lab plan`: the config and derived block plan of every architecture, the one definition both the TypeScript
// compiler and training/ (models.py) build from. The plans stored for the PyTorch parity tests
// (training/tests/fixtures/plan-*.json) must be exactly what the command emits now, and each comparison plan must
// describe the network of the lab's parameter spec.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makePlan, type PlanOptions } from "../../bin/commands/plan";
import { architecture } from "../../lib/baselines/registry";
import { countSpecParams } from "../../lib/baselines/layers";
import { levitBlocks, levitPreset } from "../../lib/levit/config";
import { lab } from "../helpers/lab-cli";

const FIX = "training/tests/fixtures";
const text = (o: PlanOptions) => `${JSON.stringify(makePlan(o), null, 1)}\n`;
const dir = mkdtempSync(join(tmpdir(), "lab-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORED: Array<[string, PlanOptions]> = [
  ["plan-nextvit-mini.json", { config: `${FIX}/config-nextvit-mini.json` }],
  ["plan-tiny.json", { config: `${FIX}/config-tiny.json` }],
  ["plan-resnet50-mini.json", { arch: "resnet50", numClasses: "10" }],
  ["plan-swin-t-mini.json", { arch: "swin-t-w5", numClasses: "10" }],
  ["plan-levit128s-mini.json", { arch: "levit-128s", numClasses: "10" }],
  ["plan-levit128s-128.json", { arch: "levit-128s", numClasses: "10", size: "128" }],
];

describe("lab plan", () => {
  it.each(STORED)("%s is what `lab plan` emits now", (file, o) => {
    expect(text(o)).toBe(readFileSync(`${FIX}/${file}`, "utf8"));
  });

  it("plans the comparison models of the parity fixtures: family, classes, size, derived geometry", () => {
    // The 10-class parameter counts of tests/fixtures/{resnet50,swin-t,levit128s}-mini (their READMEs), from the
    // same registry entries the plans come from; training/tests/test_baselines.py counts the PyTorch models.
    const counts: Record<string, number> = {};
    for (const id of ["resnet50", "swin-t-w5", "levit-128s"]) {
      const p = makePlan({ arch: id, numClasses: "10" });
      expect(p).toMatchObject({ arch: id, numClasses: 10 });
      const a = architecture(id);
      counts[id] = countSpecParams(a.paramSpec(10, a.defaultSize));
    }
    expect(counts).toEqual({ resnet50: 23_528_522, "swin-t-w5": 27_514_900, "levit-128s": 7_014_758 });

    const resnet = makePlan({ arch: "resnet50", numClasses: "10" }) as { family: string; blocks: Array<{ down: boolean; stride: number; outCh: number }> };
    expect(resnet.family).toBe("resnet");
    expect(resnet.blocks).toHaveLength(16);
    expect(resnet.blocks.filter((b) => b.down).length).toBe(4);
    expect(resnet.blocks.map((b) => b.stride).filter((s) => s === 2)).toHaveLength(3);
    expect(resnet).not.toHaveProperty("imgSize");

    const swin = makePlan({ arch: "swin-t-w5", numClasses: "10" }) as { family: string; imgSize: number; stages: Array<{ h: number; window: number; shift: number }> };
    expect(swin.family).toBe("swin");
    expect(swin.imgSize).toBe(160);
    expect(swin.stages.map((s) => [s.h, s.window, s.shift])).toEqual([[40, 5, 2], [20, 5, 2], [10, 5, 2], [5, 5, 0]]);

    const levit = makePlan({ arch: "levit-128s", numClasses: "10", size: "160" }) as { family: string; imgSize: number; distillation: boolean; blocks: unknown[] };
    expect(levit.family).toBe("levit");
    expect(levit.imgSize).toBe(160);
    expect(levit.distillation).toBe(true);
    expect(levit.blocks).toEqual(levitBlocks(levitPreset("128S", { numClasses: 10, imgSize: 160 })));

    expect(makePlan({ arch: "nextvit-s", numClasses: "10" })).toEqual(makePlan({ config: "S", numClasses: "10" }));
    expect(makePlan({ config: "S" })).toMatchObject({ family: "nextvit", numClasses: 1000 });
  });

  it("refuses what it cannot plan, naming the way out", () => {
    const err = (o: PlanOptions) => () => makePlan(o);
    expect(err({})).toThrow(/give exactly one of --config <preset\|file> \(Next-ViT\) or --arch </);
    expect(err({ config: "S", arch: "resnet50" })).toThrow(/give exactly one of/);
    expect(err({ arch: "vgg16" })).toThrow(/--arch vgg16: unknown architecture; choose one of nextvit-s, .*swin-t-w5/);
    expect(err({ arch: "resnet50", size: "160" })).toThrow(/--size: the resnet50 plan does not depend on the input size/);
    expect(err({ config: "S", size: "160" })).toThrow(/--size: a Next-ViT plan does not depend on the input size/);
    expect(err({ arch: "swin-t-w5", size: "224" })).toThrow(/--size 224: swin-t-w5 is built at 160 px/);
    expect(err({ arch: "levit-128s", size: "100" })).toThrow(/--size 100: levit-128s is built at 224, 192, 160, 128 px/);
    expect(err({ arch: "levit-128s", numClasses: "0" })).toThrow(/--num-classes 0: must be a positive integer/);
  });

  it("writes the plan with --out from the command line, and exits 1 with one line on bad flags", async () => {
    const out = join(dir, "swin.json");
    const ok = await lab(["plan", "--arch", "swin-t-w5", "--num-classes", "10", "--out", out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(`${FIX}/plan-swin-t-mini.json`, "utf8"));
    const bad = await lab(["plan", "--arch", "resnet50", "--size", "160"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("lab: --size: the resnet50 plan does not depend on the input size (it runs at any size)");
  }, 240_000);
});
