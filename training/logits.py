"""PyTorch eval-mode logits of a trained model (any family of training/models.py) on one input, as JSON on stdout: the trainer's side of the
check that a file exported for the lab computes the same function there (tests/unit/training-smoke.test.ts).

    training/.venv/bin/python training/logits.py --plan plan.json --weights w.safetensors --input x.safetensors
"""
import argparse
import json
import os
import sys

import torch
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import build_model  # noqa: E402
from weights import load_state_dict  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True)
    p.add_argument("--weights", required=True, help="safetensors in the lab's key layout (float16 or float32)")
    p.add_argument("--input", required=True, help="safetensors with a float32 tensor `input` [B,3,H,W]")
    a = p.parse_args()
    with open(a.plan) as f:
        model = build_model(json.load(f)).eval()
    missing, unexpected = model.load_state_dict(load_state_dict(a.weights), strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"logits: {a.weights} does not fit the plan (missing {missing[:3]}, unexpected {unexpected[:3]})")
    x = load_file(a.input)["input"].float()
    with torch.no_grad():
        print(json.dumps({"logits": model(x).tolist()}))


if __name__ == "__main__":
    main()
