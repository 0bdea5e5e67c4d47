// The bench page's API (bench/browser/page.ts, globalThis.labBench) as the Node side calls it through Playwright:
// one typed `call` per page, shared by the "compare" and "ablation" sections.
import type { Page } from "@playwright/test";

export type BenchApi = {
  setup(threads: number): Promise<{ crossOriginIsolated: boolean; gpu: string | null }>;
  load(model: string, ep: string, cpuFused?: boolean): Promise<number>;
  forward(ep: string, model?: string): Promise<{ ms: number; logits: number[] }>;
  analysis(ep: string): Promise<{ ms: number; runMs: number; spectraMs: number; camMs: number; logits: number[]; cam: number[] }>;
  profile(model: string, runs: number, cpuFused?: boolean): Promise<number[]>;
  release(): Promise<void>;
};

export type BenchCall = <K extends keyof BenchApi>(k: K, ...args: Parameters<BenchApi[K]>) => ReturnType<BenchApi[K]>;

/** Opens the bench page at `url`, waits for its bundle, and returns the caller. */
export async function openBenchPage(page: Page, url: string): Promise<BenchCall> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { benchReady?: boolean }).benchReady === true);
  return (<K extends keyof BenchApi>(k: K, ...args: Parameters<BenchApi[K]>) =>
    page.evaluate(([k, args]) => ((globalThis as unknown as { labBench: Record<string, (...a: unknown[]) => unknown> }).labBench[k as string](...(args as unknown[]))), [k, args] as const) as ReturnType<BenchApi[K]>) as BenchCall;
}
