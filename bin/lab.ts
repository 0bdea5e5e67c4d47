// `npm run lab -- <command>`: the researcher's command line. Each command lives in its own
// file under bin/commands/ and is listed here, so adding one never touches another.
import { Command } from "commander";
import { LabCliError } from "./errors";

type Register = (program: Command) => void;

const commands: Array<() => Promise<{ register: Register }>> = [
  // one line per command file, e.g. () => import("./commands/infer"),
  () => import("./commands/spectra"),
  () => import("./commands/infer"),
  () => import("./commands/plan"),
  () => import("./commands/eval"),
];

async function main(): Promise<void> {
  const program = new Command("lab")
    .description("Next-ViT Lab command line")
    .showHelpAfterError()
    .exitOverride();
  for (const load of commands) (await load()).register(program);
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  // Commander signals --help and --version through exceptions with exit code 0.
  const code = (err as { exitCode?: number }).exitCode;
  if (code === 0) process.exit(0);
  const msg = err instanceof Error ? err.message : String(err);
  if (!(err instanceof LabCliError) && !(err as { code?: string }).code?.startsWith("commander.")) {
    if (process.env.LAB_DEBUG) console.error(err);
  }
  process.stderr.write(`lab: ${msg.split("\n")[0]}\n`);
  process.exit(typeof code === "number" && code !== 0 ? code : 1);
});
