// `npm run bench [-- section…]`: every section lives in its own file under bench/ and is
// listed here with one line; with no arguments all sections run, in this order.
type Section = { name: string; run: () => Promise<void> };

const sections: Section[] = [
  { name: "nextvit", run: async () => { const m = await import("./nextvit"); m.printNextVit(await m.benchNextVit()); } },
  { name: "gradcam", run: async () => { const m = await import("./gradcam"); m.printGradCam(await m.benchGradCam()); } },
  { name: "spectra", run: async () => { const m = await import("./spectra"); console.log(m.formatSpectraBench(await m.benchSpectra())); } },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown bench section ${unknown.join(", ")}; sections: ${sections.map((s) => s.name).join(", ")}`);
  for (const s of sections) {
    if (wanted.length && !wanted.includes(s.name)) continue;
    await s.run();
    console.log();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
