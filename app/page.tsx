import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LabApp } from "@/components/lab/LabApp";
import { earlyWeightsScript } from "@/lib/runtime/early-weights-boot";
import { earlyWeightsPlan } from "@/lib/runtime/early-weights-plan";
import { parseManifest } from "@/lib/runtime/manifest";

// Prerendered at build time, when the manifest is read for the early-weights script: it starts the default model's
// download as the HTML is parsed, before the page's JavaScript has arrived (lib/runtime/early-weights-boot.ts).
export default async function Home() {
  const manifest = parseManifest(JSON.parse(await readFile(join(process.cwd(), "public/models/manifest.json"), "utf8")));
  const script = earlyWeightsScript(await earlyWeightsPlan(manifest));
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: script }} />
      <LabApp />
    </>
  );
}
