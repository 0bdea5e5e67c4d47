"""Which precision a run computes in. The recipes train under bf16 autocast: on a CPU that computes bf16 natively
(AVX-512 BF16 or AMX) that is ~1.5x faster than float32 (README, "Trained weights"), but where it does not (AVX2
only) PyTorch emulates bf16 and a train step is ~20x slower than float32 (C-T-T-T, batch 16 at 128 px, AMD EPYC,
2026-12-04: 0.36 against 7.6 img/s; a run started there spent 30 minutes in its speed probe). So autocast is used
only where the device has native bf16. LAB_AMP=bf16 or LAB_AMP=float32 overrides the choice."""
import os

import torch

CHOICES = ("bf16", "float32")


def cpu_bf16():
    """The CPU's native bf16, as PyTorch detects it (what its kernels dispatch on): a subset of ["avx512_bf16", "amx"].
    The bench's PyTorch peer offers its bf16 row on the same answer."""
    found = []
    if getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)():
        found.append("avx512_bf16")
    if getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)():
        found.append("amx")
    return found


def choose_amp(device, env=None):
    """("bf16" | "float32", why) for this device; `env` stands in for LAB_AMP."""
    forced = os.environ.get("LAB_AMP") if env is None else env
    if forced:
        if forced not in CHOICES:
            raise SystemExit(f"LAB_AMP={forced}: give one of {', '.join(CHOICES)} (or leave it unset to choose by the CPU)")
        return forced, f"LAB_AMP={forced}"
    if device.type == "cuda":
        return ("bf16", "the GPU computes bf16") if torch.cuda.is_bf16_supported() else ("float32", "the GPU has no bf16")
    native = cpu_bf16()
    if native:
        return "bf16", f"the CPU computes bf16 natively ({', '.join(native)})"
    return "float32", ("the CPU has no native bf16 (AVX-512 BF16 or AMX), where bf16 autocast is ~20x slower than "
                       "float32, so this run computes in float32 (LAB_AMP=bf16 to insist)")


def autocast(device, amp):
    """The autocast context for `amp` ("bf16" or "float32")."""
    return torch.autocast(device.type, torch.bfloat16, enabled=amp == "bf16")
