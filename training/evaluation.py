"""The end of a training run and its per-epoch check: top-1 with the lab's preprocessing, BatchNorm statistics
re-estimated at a test size, and the choice of weights and eval size on the held-out slice of train before the one
val measurement (train.py calls these; they read no training state).
"""
import copy
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import eval_batch  # noqa: E402
from precision import autocast  # noqa: E402
from weights import save_state_dict, stored  # noqa: E402


@torch.no_grad()
def evaluate(model, x_uint8, y, size, device, crop_pct, amp="bf16", bs=100):
    """Top-1 (%) with the lab's preprocessing. amp: the run's precision (precision.py); "float32" as the lab computes."""
    model.eval()
    correct = 0
    for i in range(0, len(y), bs):
        xb = eval_batch(x_uint8[i:i + bs], size, crop_pct).to(device).contiguous(memory_format=torch.channels_last)
        with autocast(device, amp):
            correct += int((model(xb).argmax(1).cpu() == y[i:i + bs]).sum())
    return 100.0 * correct / max(1, len(y))


@torch.no_grad()
def recalibrate_bn(model, x_uint8, size, device, crop_pct, amp="bf16", bs=100):
    """A copy of `model` whose BatchNorm statistics are re-estimated on `x_uint8` preprocessed as at test
    time (centre crop at `size`): training saw random-resized crops at lower sizes, so its running
    statistics do not describe test images (Touvron et al., FixRes, 2019). Weights are unchanged."""
    m = copy.deepcopy(model)
    norms = [mod for mod in m.modules() if isinstance(mod, torch.nn.modules.batchnorm._BatchNorm)]
    for mod in norms:
        mod.reset_running_stats()
        mod.momentum = None  # cumulative average over all batches
    m.train()
    for i in range(0, len(x_uint8), bs):
        xb = eval_batch(x_uint8[i:i + bs], size, crop_pct).to(device).contiguous(memory_format=torch.channels_last)
        with autocast(device, amp):  # statistics are accumulated in float32 regardless
            m(xb)
    return m.eval()


def choose_and_measure(raw, ema, log, xh, yh, vx, vy, device, recipe, out, x_calib, amp="bf16"):
    """Choose weights (raw or EMA, BatchNorm statistics as trained or recalibrated at the test size) and the
    eval size on the held-out slice of train, then measure val top-1 once, in float32 with the weights
    rounded to float16 as the lab stores them."""
    choices, models = [], {}
    for name, m in (("raw", raw), ("ema", ema)):
        for s in recipe["eval_sizes"]:
            models[(name, s, False)] = m
            models[(name, s, True)] = recalibrate_bn(m, x_calib, s, device, recipe["crop_pct"], amp)
            for recal in (False, True):
                acc = evaluate(models[(name, s, recal)], xh, yh, s, device, recipe["crop_pct"], amp)
                choices.append((acc, name, s, recal))
                print(f"holdout: {name} weights at {s} px{' (BN recalibrated)' if recal else ''}: {acc:.1f}%", flush=True)
    log["holdout_top1"] = [{"weights": n, "size": s, "bn_recalibrated": r, "top1": a} for a, n, s, r in choices]
    # Ties: prefer EMA, statistics as trained, the size nearest 160.
    best = max(choices, key=lambda c: (c[0], c[1] == "ema", not c[3], -abs(c[2] - 160)))
    model = models[best[1:]]
    fp16 = copy.deepcopy(model).float()  # the weights exactly as export.py stores them for the lab
    fp16.load_state_dict({k: v.float() for k, v in stored(model.state_dict(), torch.float16).items()}, strict=False)
    top1 = evaluate(fp16, vx, vy, best[2], device, recipe["crop_pct"], amp="float32")
    log["final"] = {"weights": best[1] + (" + BN recalibrated at the eval size" if best[3] else ""), "eval_size": best[2],
                    "crop_pct": recipe["crop_pct"], "val_top1": top1, "n_val": len(vy), "holdout_top1": best[0],
                    "precision": "float32 compute, float16-rounded weights (as the lab)"}
    print(f"final: {log['final']['weights']} at {best[2]} px: val top-1 {top1:.2f}% ({len(vy)} images)", flush=True)
    save_state_dict(os.path.join(out, "final.safetensors"), model.state_dict(), {"log": "log.json"})
