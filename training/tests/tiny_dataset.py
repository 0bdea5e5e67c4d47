"""Two tiny Imagenette-shaped zips of synthetic images for the training smoke test (no photographs are
committed): `train/<wnid>/<n>.png` at 160 px and `val/<wnid>/<n>.png` at 224 px, one colour pattern per class.

    python training/tests/tiny_dataset.py OUT_DIR [PER_CLASS]
"""
import io
import os
import sys
import zipfile

import numpy as np
from PIL import Image

WNIDS = ["n01440764", "n02102040", "n02979186", "n03000684", "n03028079",
         "n03394916", "n03417042", "n03425413", "n03445777", "n03888257"]


def image(cls, n, size, rng):
    yy, xx = np.mgrid[0:size, 0:size] / size
    base = np.stack([np.sin((cls + 1) * 3 * xx), np.cos((cls + 2) * 2 * yy), np.sin(cls * (xx + yy))], -1)
    noisy = (base + 1) * 110 + rng.normal(0, 12, base.shape) + n
    return Image.fromarray(noisy.clip(0, 255).astype(np.uint8))


def write(path, split, size, per_class, rng):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for c, w in enumerate(WNIDS):
            for n in range(per_class):
                buf = io.BytesIO()
                image(c, n, size, rng).save(buf, "PNG")
                zf.writestr(f"{split}/{w}/{n}.png", buf.getvalue())


if __name__ == "__main__":
    out = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    write(os.path.join(out, "train.zip"), "train", 160, per, rng)
    write(os.path.join(out, "val.zip"), "val", 224, 1, rng)
