"""Training throughput of the recipe's settings against plain float32 eager on this machine: img/s of whole
training steps (forward, backward, AdamW) on random data, after warm-up, median of the timed steps.

    training/.venv/bin/python training/speed.py --plan plan.json [--size 128] [--batch 64] [--steps 6]
Run it on a quiet machine (`uptime`): anything else on the cores falsifies the figures.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from machine import machine_info  # noqa: E402
from nextvit import NextViT  # noqa: E402
from precision import cpu_bf16  # noqa: E402

SETTINGS = {  # name: (bf16 autocast, channels_last)
    "fp32 eager, NCHW": (False, False),
    "bf16 autocast, NCHW": (True, False),
    "bf16 autocast + channels_last (the recipe)": (True, True),
    "fp32 + channels_last (the recipe without native bf16: training/precision.py)": (False, True),
}


def img_per_s(plan, size, batch, steps, bf16, channels_last):
    torch.manual_seed(0)
    model = NextViT(plan).train()
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(batch, 3, size, size).contiguous(memory_format=fmt)
    y = torch.randint(0, plan["numClasses"], (batch,))
    times = []
    for i in range(steps + 2):  # two warm-up steps (oneDNN primitive creation)
        t = time.perf_counter()
        with torch.autocast("cpu", torch.bfloat16, enabled=bf16):
            loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if i >= 2:
            times.append(time.perf_counter() - t)
    return batch / statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=6)
    a = p.parse_args()
    with open(a.plan) as f:
        plan = json.load(f)
    # Without native bf16 (AVX-512 BF16 or AMX) PyTorch emulates it and the bf16 rows are ~20x slow: train.py then
    # computes in float32, the last row.
    out = {"machine": machine_info(torch.device("cpu")), "native_bf16": cpu_bf16(), "size": a.size, "batch": a.batch,
           "img_s": {}}
    for name, (bf16, cl) in SETTINGS.items():
        out["img_s"][name] = round(img_per_s(plan, a.size, a.batch, a.steps, bf16, cl), 2)
        print(f"{name}: {out['img_s'][name]} img/s", file=sys.stderr, flush=True)
    base = out["img_s"]["fp32 eager, NCHW"]
    out["speedup_vs_fp32_eager"] = {k: round(v / base, 2) for k, v in out["img_s"].items()}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
