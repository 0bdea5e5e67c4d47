"""Rewrite a float safetensors state dict as int8 per output channel (training/weights.py's scheme, what
export.py --int8 ships), and optionally the float32 weights PyTorch dequantises it to (for the lab's test that
it reads the same numbers).

    training/.venv/bin/python training/quantize.py --in w.safetensors --out w-int8.safetensors [--dequantized d.safetensors]
    training/.venv/bin/python training/quantize.py --in w-int8.safetensors --dequantized d.safetensors
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from int8_check import float16_prefixes  # noqa: E402
from weights import load_state_dict, save_state_dict  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--in", dest="src", required=True)
    p.add_argument("--out", help="the int8 file to write (without it, --in is read as it is: int8 already)")
    p.add_argument("--plan", help="the model's plan (`npm run lab -- plan`): keep the stem, stage 1 and stage 2 but "
                                  "its MLPs float16, as export.py --int8 does (else every conv/linear weight is int8)")
    p.add_argument("--dequantized", help="also write the float32 weights the int8 file stands for")
    a = p.parse_args()
    if not a.out:
        if not a.dequantized:
            p.error("give --out (quantize), --dequantized (dequantize an int8 file), or both")
        save_state_dict(a.dequantized, load_state_dict(a.src))
        print(f"quantize: {a.src} -> {a.dequantized} (float32, as PyTorch dequantises it)")
        return
    keep = ()
    if a.plan:
        with open(a.plan) as f:
            keep = float16_prefixes(json.load(f))
    save_state_dict(a.out, load_state_dict(a.src), {"source": os.path.basename(a.src)}, int8=True, keep=keep)
    if a.dequantized:
        save_state_dict(a.dequantized, load_state_dict(a.out))
    print(f"quantize: {a.src} ({os.path.getsize(a.src) / 2 ** 20:.1f} MiB) -> {a.out} ({os.path.getsize(a.out) / 2 ** 20:.1f} MiB)")


if __name__ == "__main__":
    main()
