"""int8 storage for the Next-ViTs (the ablation variants, issue 17: public/models/ stays under 300 MiB; S since issue
18, to halve the lab's first download): which tensors
stay float16, and how far int8 moves a trained model from its float16 weights, in PyTorch (float32 eval, the
lab's preprocessing) on images spread over Imagenette val. export.py --int8 refuses a file over the gates and
writes the figures into the manifest's storage line; tests/unit/checkpoint-int8.test.ts checks the shipped
Next-ViT-S's file against the scheme and why its early blocks stay float16, with the lab's own spectra.

Measured on the trained Next-ViT-S (6 val images, 160 px): everything int8 moves logits by 1.0% of the largest
logit and block-output ΔlogA curves (6-image mean) by 0.013; keeping the stem and stages 1-2 in float16 (+1.7 MiB
on 31) brings that to 0.16% and 0.005. (Per single image the curves still move by up to 0.02; a per-channel bias
correction halved that but needs a BN or bias after every conv, so it is not used.) Stage 2 as int8 as well: on the
trained r = 0 and r = 0.5 (16 val images, 160 px) it moves the logits by 0.37% / 0.35% of the largest and ΔlogA by
0.0035 / 0.0043 (0.0040 for r = 0.5 with stage 2 in float16) and saves 1.3-1.4 MiB a variant, but on S in the lab's
own test (4 gallery photos) it takes ΔlogA from 0.008 to 0.011, over the gate, the worst curve in stage 2 itself.
Only stage 2's MLP weights as int8 (1x1 convolutions: they mix channels and filter no spatial frequency) leave S at
0.0074 there and save 0.8-0.9 MiB a variant, enough for r = 1 to fit (2026-12-03). So the stem and stage 1 stay
float16, and in stage 2 everything but the MLPs (patch embedding, MHCA's grouped 3x3 convolution, E-MHSA, projection).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import eval_batch, load_split  # noqa: E402
from models import build_model, family  # noqa: E402
from weights import INT8_SCHEME, dequantize, quantize_int8, stored  # noqa: E402

GATE = 1e-2  # logits: fraction of the largest |logit|; ΔlogA: absolute, on the image-mean block-output curves


def float16_prefixes(plan):
    """Keys kept float16 in an int8 Next-ViT file: the stem, the blocks of stage 1 and stage 2's blocks but for their
    MLPs (a small share of the weights, and the ones whose rounding reaches every later feature map)."""
    if family(plan) != "nextvit":
        raise ValueError("int8 storage is defined for Next-ViT variants only; ship other families as float16")
    first = tuple(f"features.{b['index']}." for b in plan["blocks"] if b["stage"] == 0)
    # Every part of an NCB / NTB but `mlp` ("norm" also covers norm1 / norm2, BatchNorms that stay float anyway).
    second = tuple(f"features.{b['index']}.{part}" for b in plan["blocks"] if b["stage"] == 1
                   for part in ("patch_embed.", "mhca.", "e_mhsa.", "projection.", "norm"))
    return ("stem.",) + first + second


def dlog_amplitude(f):
    """Half-diagonal ΔlogA of [B, C, H, W] maps, mean over channels and images (how-do-vits-work's recipe, as
    lib/analysis and bench/spectra.py compute it)."""
    h = f.shape[-1]
    amp = torch.fft.fftshift(torch.log(torch.fft.fft2(f.double()).abs() + 1e-6).mean((0, 1)), dim=(-2, -1))
    d = torch.diagonal(amp)[h // 2:]
    return d - d[0]


def run(plan, sd, x):
    model = build_model(plan).eval()
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if [k for k in missing if not k.endswith("num_batches_tracked")] or unexpected:
        raise ValueError(f"weights do not fit the plan (missing {missing[:3]}, unexpected {unexpected[:3]})")
    taps = {}
    with torch.no_grad():
        logits = model(x, taps)
    blocks = {k: dlog_amplitude(v) for k, v in taps.items() if k == "stem" or (k.startswith("features.") and k.count(".") == 1)}
    return logits, blocks


def int8_check(plan, state_dict, val_zip, cache, size, crop_pct, n=16):
    """{'images', 'maxAbs', 'relToMaxLogit', 'top1Agree', 'dlogA'} of int8 against float16 weights."""
    x, _, _, _ = load_split(val_zip, cache, 224)
    idx = torch.linspace(0, len(x) - 1, n).round().long()  # spread over the classes (val is sorted by class)
    xb = eval_batch(x[idx], size, crop_pct)
    half = {k: v.float() for k, v in stored(state_dict, torch.float16).items()}
    deq = dequantize(quantize_int8(state_dict, float16_prefixes(plan)), {"quantization": INT8_SCHEME})
    (a, sa), (b, sb) = run(plan, half, xb), run(plan, deq, xb)
    diff = (a - b).abs().max().item()
    return {"images": n, "maxAbs": diff, "relToMaxLogit": diff / a.abs().max().item(),
            "top1Agree": int((a.argmax(1) == b.argmax(1)).sum()),
            "dlogA": max((sa[k] - sb[k]).abs().max().item() for k in sa)}
