// `npm run bench [-- section… ] [--reps N] [--webgpu] [--no-app] [--install-peers] [--install-gradcam]`: every
// section lives in its own file under bench/ and is listed here with one line; with no section
// named, all run in this order. "compare" is the one-run table of the lab against PyTorch +
// numpy (written to bench/results/latest.json as well).
type Flags = { reps?: number; webgpu: boolean; app: boolean };
type Section = { name: string; run: (flags: Flags) => Promise<void> };

const sections: Section[] = [
  { name: "compare", run: async (fl) => { const m = await import("./compare-section"); await m.runCompare(fl); } },
  { name: "nextvit", run: async () => { const m = await import("./nextvit"); m.printNextVit(await m.benchNextVit()); } },
  { name: "gradcam", run: async () => { const m = await import("./gradcam"); m.printGradCam(await m.benchGradCam()); } },
  { name: "profile", run: async () => { const m = await import("./profile"); console.log(await m.profileWasm()); } },
  { name: "ablation", run: async (fl) => { const m = await import("./ablation"); await m.runAblation(fl); } },
  { name: "spectra", run: async () => { const m = await import("./spectra"); console.log(m.formatSpectraBench(await m.benchSpectra())); } },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags: Flags = { webgpu: args.includes("--webgpu"), app: !args.includes("--no-app") };
  const repsAt = args.indexOf("--reps");
  if (repsAt >= 0) flags.reps = Number(args[repsAt + 1]);
  if (flags.reps !== undefined && !(Number.isInteger(flags.reps) && flags.reps > 0)) throw new Error("--reps takes a positive integer");
  if (args.includes("--install-peers")) (await import("./peers/torch-peer")).installPeers();
  if (args.includes("--install-gradcam")) (await import("./peers/torch-peer")).installGradCamPeer();
  const wanted = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--reps");
  const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown bench section ${unknown.join(", ")}; sections: ${sections.map((s) => s.name).join(", ")}`);
  for (const s of sections) {
    if (wanted.length && !wanted.includes(s.name)) continue;
    await s.run(flags);
    console.log();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
