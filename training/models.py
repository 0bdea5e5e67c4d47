"""One entry point from a plan (`npm run lab -- plan`) to the PyTorch model the lab compiles from the same plan:
Next-ViT (`--config` / `--arch nextvit-*`), ResNet-50, Swin-T and LeViT (`--arch`). Plans written before the
`family` field existed are Next-ViT plans.

Every model has `forward(x, taps=None)` (fills `taps` with the lab's tap names) and the state-dict keys the lab
loads. LeViT in training mode returns its two heads' logits as a tuple (train.py averages their losses).
"""
from levit import LeViT
from nextvit import NextViT
from resnet import ResNet
from swin import Swin

FAMILIES = {"nextvit": NextViT, "resnet": ResNet, "swin": Swin, "levit": LeViT}


def family(plan):
    return plan.get("family", "nextvit")


def build_model(plan, drop_path_rate=0.0):
    f = family(plan)
    if f not in FAMILIES:
        raise ValueError(f"plan family {f!r}: expected one of {', '.join(FAMILIES)}")
    if f == "nextvit":
        return NextViT(plan, drop_path_rate)
    if drop_path_rate:
        # Stochastic depth is written for Next-ViT only; refuse rather than silently train without it.
        raise ValueError(f"drop path {drop_path_rate}: implemented for Next-ViT only, not {f}")
    return FAMILIES[f](plan)
