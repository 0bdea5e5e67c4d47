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


# Kept out of weight decay besides norms and biases, as the official recipes do (timm's `no_weight_decay`:
# LeViT's attention biases, Swin's relative-position bias tables): they are tables of logit offsets, not weights.
NO_DECAY_NAMES = ("attention_biases", "relative_position_bias_table")

# The weight layout the lab loads for each family (lib/runtime/manifest.ts `weights.layout`).
LAYOUTS = {"nextvit": "official", "levit": "official", "resnet": "timm", "swin": "timm"}


def family(plan):
    return plan.get("family", "nextvit")


def decays(name, param):
    """Whether AdamW applies weight decay to this parameter."""
    return param.ndim > 1 and not name.endswith(NO_DECAY_NAMES)


def fixed_size(plan):
    """The one input size the plan is built for, or None when any size works: Swin's windows and LeViT's
    attention-bias tables are tied to the plan's `imgSize` (the lab compiles them only there)."""
    return plan["imgSize"] if family(plan) in ("swin", "levit") else None


def fit_recipe(recipe, plan):
    """The recipe as this plan can run it: a fixed-size architecture trains and is evaluated at its size only
    (same augmentation, schedule and budget otherwise; the log records the sizes used)."""
    size = fixed_size(plan)
    if size is None:
        return recipe
    return {**recipe, "sizes": ((size, 1.0),), "eval_sizes": (size,), "sizes_fixed_by": f"{plan.get('arch')} at {size} px"}


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
