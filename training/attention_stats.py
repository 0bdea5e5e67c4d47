"""How peaked each E-MHSA's attention is in a Next-ViT: for every NTB with an E-MHSA branch, the scaled logits
q k^T / sqrt(d) (largest |value| and standard deviation) and the softmax's mean entropy in nats beside the entropy of
uniform attention over the same keys (ln of the key count). Entropy near 0 is one-hot attention: a token copies one
key instead of averaging many, so the block cannot act as the low-pass filter of the paper's frequency analysis.
Also the number of classes predicted over the images (a net collapsed to chance predicts one or two).

    training/.venv/bin/python training/attention_stats.py --plan plan.json --weights w.safetensors|last.pt \\
        [--val-zip ../shared/datasets/imagenette-224-val.zip --images 64 --size 128]

Evaluation preprocessing, eval-mode BatchNorm, float32. `last.pt` (a run's checkpoint) reads its raw weights.
"""
import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import eval_batch, load_split  # noqa: E402
from models import build_model  # noqa: E402
from nextvit import EMHSA  # noqa: E402
from weights import load_state_dict  # noqa: E402


def attention_stats(model, x):
    """[{block, keys, logit_max, logit_std, entropy, uniform}] for every E-MHSA, in depth order."""
    rows = []

    def hook(mod, inp, _out, name):
        t = inp[0].flatten(2).transpose(1, 2)
        b = t.shape[0]
        kv = t
        if mod.sr > 1:
            kv = mod.norm(torch.nn.functional.avg_pool1d(t.transpose(1, 2), mod.sr ** 2, mod.sr ** 2)).transpose(1, 2)
        q = mod.q(t).reshape(b, -1, mod.heads, mod.d).transpose(1, 2)
        k = mod.k(kv).reshape(b, -1, mod.heads, mod.d).transpose(1, 2)
        a = (q @ k.transpose(-1, -2)) * mod.d ** -0.5
        p = a.softmax(-1)
        rows.append({"block": name, "keys": kv.shape[1], "logit_max": a.abs().max().item(), "logit_std": a.std().item(),
                     "entropy": -(p * p.clamp_min(1e-12).log()).sum(-1).mean().item(),
                     "uniform": math.log(kv.shape[1])})

    handles = [m.register_forward_hook(lambda mod, i, o, n=n.rsplit(".", 1)[0]: hook(mod, i, o, n))
               for n, m in model.named_modules() if isinstance(m, EMHSA)]
    with torch.no_grad():
        logits = model(x)
    for h in handles:
        h.remove()
    return rows, logits


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True)
    p.add_argument("--weights", required=True, help="safetensors in the lab's layout, or a run's last.pt")
    p.add_argument("--val-zip", default="../shared/datasets/imagenette-224-val.zip")
    p.add_argument("--cache", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache"))
    p.add_argument("--images", type=int, default=64)
    p.add_argument("--size", type=int, default=128)
    a = p.parse_args()
    with open(a.plan) as f:
        model = build_model(json.load(f)).eval()
    if a.weights.endswith(".pt"):
        sd = torch.load(a.weights, map_location="cpu", weights_only=False)["model"]
    else:
        sd = load_state_dict(a.weights)
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in sd.items()}, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"attention_stats: {a.weights} does not fit the plan (missing {missing[:3]}, unexpected {unexpected[:3]})")
    vx, vy, _, _ = load_split(a.val_zip, a.cache, 224)
    # Images spread over the classes (the zip is sorted by class).
    idx = torch.linspace(0, len(vy) - 1, a.images).round().long()
    rows, logits = attention_stats(model, eval_batch(vx[idx], a.size))
    for r in rows:
        print(f"{r['block']:<14} keys {r['keys']:>3}  logits max {r['logit_max']:8.1f} std {r['logit_std']:6.1f}  "
              f"entropy {r['entropy']:.3f} nats (uniform {r['uniform']:.2f})")
    top1 = (logits.argmax(1) == vy[idx]).float().mean().item() * 100
    print(f"{a.images} images at {a.size}px: top-1 {top1:.1f}%, {len(logits.argmax(1).unique())} classes predicted")


if __name__ == "__main__":
    main()
