"""Will a model of this plan fit in public/models/? Run before a training of hours, so a run whose export would be
refused (export.py: the folder stays under LIMIT_MIB) says so at its start rather than at its end.

    training/.venv/bin/python training/room.py --plan training/runs/plan-nextvit-s-r100.json --id ID [--int8]

Prints the size the file will have (counted from the plan's tensors in the storage export.py writes: float16, or
int8 per output channel with the stem, stage 1 and all of stage 2 but its MLPs float16; the safetensors header
aside) and the folder's total with it. Exit 0 when it fits, 5 when it does not: a warning the caller may train
past, since the weights stay in the run folder and the export can be repeated once there is room.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from int8_check import float16_prefixes  # noqa: E402
from models import build_model  # noqa: E402
from weights import quantize_int8, stored  # noqa: E402

NO_ROOM = 5
LIMIT_MIB = 300  # public/models/ in all, as more trained models arrive (issue 17)
MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "models")


def planned_bytes(plan, int8=False):
    """The tensor bytes export.py would write for a model of `plan` (any weights: only shapes and dtypes count)."""
    sd = build_model(plan).state_dict()
    tensors = quantize_int8(sd, float16_prefixes(plan)) if int8 else stored(sd, torch.float16)
    return sum(t.numel() * t.element_size() for t in tensors.values())


def room(folder, name, new_bytes, ignore=()):
    """(MiB the folder would hold with `name` at `new_bytes`, whether that is within LIMIT_MIB). A file already
    called `name` is replaced, so it does not count; nor do the names in `ignore`."""
    others = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder)
                 if n != name and n not in ignore)
    total = (others + new_bytes) / 2 ** 20
    return total, total <= LIMIT_MIB


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True)
    p.add_argument("--id", required=True, help="the manifest id: a shipped file of that name is replaced, not added")
    p.add_argument("--int8", action="store_true")
    p.add_argument("--models", default=MODELS)
    args = p.parse_args(argv)
    with open(args.plan) as f:
        plan = json.load(f)
    size = planned_bytes(plan, args.int8)
    total, fits = room(args.models, f"{args.id}.safetensors", size)
    if fits:
        print(f"room: {args.id} will take {size / 2 ** 20:.1f} MiB; public/models/ {total:.1f} of {LIMIT_MIB} MiB")
        return 0
    print(f"room: {args.id} will take {size / 2 ** 20:.1f} MiB, which takes public/models/ to {total:.1f} MiB, over "
          f"its {LIMIT_MIB} MiB limit: export.py will refuse it until there is room (README, \"int8 storage for the "
          "ablation variants\" and after). The trained weights stay in the run folder; the same command exports "
          "them later.",
          file=sys.stderr)
    return NO_ROOM


if __name__ == "__main__":
    sys.exit(main())
