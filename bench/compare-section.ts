// The "compare" section: the comparison, then the app's cold start, one table, one JSON file.
import { benchApp } from "./app";
import { benchCompare } from "./compare";
import { formatCompare, writeCompareJson } from "./table";

export async function runCompare(flags: { reps?: number; webgpu: boolean; app: boolean }): Promise<void> {
  const r = await benchCompare({ reps: flags.reps, webgpu: flags.webgpu });
  if (flags.app) {
    try {
      r.app = await benchApp();
    } catch (e) {
      r.app = { skipped: `skipped: ${(e as Error).message.split("\n")[0]}` };
    }
  } else r.app = { skipped: "skipped (--no-app)" };
  console.log(formatCompare(r));
  console.log(`  written to ${writeCompareJson(r)}`);
}
