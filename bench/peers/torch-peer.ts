// The PyTorch peer as a long-lived child process: one timed repetition per request, so the
// bench alternates ours and theirs and machine load hits both alike.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface TorchReady {
  torch: string;
  threads: number;
  logits: number[];
  logits64: number[]; // the same module in float64
  tapSums: Record<string, number>;
  cam: number[]; // the Grad-CAM map at 224², every 16th row and column
  /** bf16 autocast forward: offered only where the CPU has native bf16 (AVX-512 BF16 / AMX), else null. */
  bf16: { amx: boolean; logits: number[] } | null;
  /** What computes the analysis' Grad-CAM: "pytorch-grad-cam <version>" or "hand-written GradCAM". */
  camPeer: string;
}

export interface TorchPeer {
  ready: TorchReady;
  rep(cmd: "forward" | "forward_bf16" | "analysis"): Promise<{ ms: number; peakRssMb: number }>;
  close(): void;
}

export const INSTALL_HINT = "npm run bench -- --install-peers";

const TRAINING_PYTHON = fileURLToPath(new URL("../../training/.venv/bin/python", import.meta.url));
const GRADCAM_PYTHON = fileURLToPath(new URL("../.venv-gradcam/bin/python", import.meta.url));

/** PyTorch 2 with pytorch-grad-cam from the bench-only venv (bench/peers/setup-gradcam.sh) when it is there, else
 *  the trainer's venv (training/setup.sh), else the first python3 that imports torch. */
export function findTorchPython(): { python: string } | { skip: string } {
  const gradcam = spawnSync(GRADCAM_PYTHON, ["-c", "import torch, numpy, pytorch_grad_cam"], { encoding: "utf8" });
  if (gradcam.status === 0) return { python: GRADCAM_PYTHON };
  for (const python of [TRAINING_PYTHON, "python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" });
    if (r.status === 0) return { python };
  }
  return { skip: `skipped: no Python with torch (${INSTALL_HINT} makes training/.venv)` };
}

export function installPeers(): void {
  const setup = fileURLToPath(new URL("../../training/setup.sh", import.meta.url));
  const r = spawnSync("bash", [setup], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("training/setup.sh failed: it needs python3 with venv and pip");
}

export function installGradCamPeer(): void {
  const setup = fileURLToPath(new URL("./setup-gradcam.sh", import.meta.url));
  const r = spawnSync("bash", [setup], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("bench/peers/setup-gradcam.sh failed: it needs python3.11 with venv and pip (torch 2.14.1 and torchvision 0.29.1 from PyPI or this machine's disk)");
}

export async function startTorchPeer(python: string, dir: string, threads: number): Promise<TorchPeer> {
  const script = fileURLToPath(new URL("./nextvit_torch.py", import.meta.url));
  const args = [script, ...["plan.json", "weights.safetensors", "input.f32"].map((f) => join(dir, f)), String(threads)];
  const child = spawn(python, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`PyTorch peer exited (${code}): ${stderr.trim().split("\n").pop() ?? ""}`)));
  });
  failed.catch(() => {});
  const next = async () => {
    const line = await Promise.race([lines.next(), failed]);
    if (line.done) throw new Error(`PyTorch peer closed: ${stderr.trim().split("\n").pop() ?? ""}`);
    return JSON.parse(line.value);
  };
  const ready = (await next()) as TorchReady;
  return {
    ready,
    rep: async (cmd) => {
      child.stdin.write(`${cmd}\n`);
      return next();
    },
    close: () => {
      child.stdin.end("quit\n");
      child.kill();
    },
  };
}
