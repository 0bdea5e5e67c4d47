"""Imagenette as uint8 tensors: decoded once from the shared zips into a gitignored cache (keyed by the
zip's sha256, so a changed zip is decoded again), then augmented a whole batch at a time in torch.

Evaluation preprocessing is the lab's (lib/image/preprocess.ts): short side to floor(S / crop_pct)
with antialiased bicubic (PIL's kernel, a = -0.5, kept in float), centre crop S, ImageNet mean/std.
"""
import hashlib
import io
import math
import os
import zipfile

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


class DataError(Exception):
    """A data set that cannot be read; the message names the file and the way out."""


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _members(zf):
    """(name, wnid) of every JPEG under <split>/<wnid>/, in a stable order."""
    out = []
    for name in sorted(zf.namelist()):
        parts = name.split("/")
        if len(parts) == 3 and parts[2].lower().endswith((".jpeg", ".jpg", ".png")):
            out.append((name, parts[1]))
    return out


def load_split(zip_path, cache_dir, size, limit=None):
    """uint8 images [N, 3, size, size], int64 labels [N], the class wnids (sorted), the zip's sha256.
    Every image is resized to size x size (the shared zips are already square at that size)."""
    if not os.path.exists(zip_path):
        raise DataError(f"{zip_path} does not exist: pass --train-zip/--val-zip (the shared Imagenette zips)")
    digest = sha256_file(zip_path)
    tag = f"{os.path.basename(zip_path)}.{digest[:16]}.{size}{'' if limit is None else f'.n{limit}'}.pt"
    cache = os.path.join(cache_dir, tag)
    if os.path.exists(cache):
        try:
            d = torch.load(cache)
            return d["x"], d["y"], d["wnids"], digest
        except Exception:  # a cache cut short by a kill: decode again
            os.remove(cache)
    try:
        zf = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as e:
        raise DataError(f"{zip_path} is not a readable zip ({e}): copy it again from ../shared/datasets") from e
    members = _members(zf)
    if not members:
        raise DataError(f"{zip_path} holds no <split>/<wnid>/<image> members")
    wnids = sorted({w for _, w in members})
    if limit is not None:  # a small class-balanced subset (smoke tests)
        per = max(1, limit // len(wnids))
        members = [m for w in wnids for m in [m for m in members if m[1] == w][:per]]
    x = torch.empty((len(members), 3, size, size), dtype=torch.uint8)
    y = torch.empty(len(members), dtype=torch.int64)
    for i, (name, wnid) in enumerate(members):
        img = Image.open(io.BytesIO(zf.read(name))).convert("RGB")
        if img.size != (size, size):
            img = img.resize((size, size), Image.BICUBIC)
        x[i] = torch.from_numpy(np.asarray(img).copy()).permute(2, 0, 1)
        y[i] = wnids.index(wnid)
    os.makedirs(cache_dir, exist_ok=True)
    tmp = cache + ".tmp"
    torch.save({"x": x, "y": y, "wnids": wnids}, tmp)
    os.replace(tmp, cache)  # atomic: a killed run never leaves half a cache
    return x, y, wnids, digest


def normalise(x_uint8_or_float01):
    x = x_uint8_or_float01
    if x.dtype == torch.uint8:
        x = x.float() / 255
    return (x - MEAN) / STD


def eval_batch(x_uint8, size, crop_pct=0.875):
    """The lab's evaluation preprocessing for square uint8 images [B,3,H,H] -> normalised [B,3,S,S]."""
    short = math.floor(size / crop_pct)
    x = x_uint8.float()
    if x.shape[-1] != short:
        x = F.interpolate(x, size=(short, short), mode="bicubic", antialias=True, align_corners=False)
    top = round((short - size) / 2)  # Python's round: halves to even, as the lab
    x = x[:, :, top:top + size, top:top + size]
    return normalise(x / 255)


def train_batch(x_uint8, size, scale=(0.35, 1.0), ratio=(3 / 4, 4 / 3), gen=None):
    """Random resized crop + horizontal flip for a whole batch in one grid_sample (bilinear).
    The crop area is a fraction `scale` of the image, aspect ratio log-uniform in `ratio`."""
    b = x_uint8.shape[0]
    area = torch.empty(b).uniform_(*scale, generator=gen)
    logr = torch.empty(b).uniform_(math.log(ratio[0]), math.log(ratio[1]), generator=gen)
    r = torch.exp(logr)
    w = torch.sqrt(area * r).clamp(max=1.0)  # fraction of the width
    h = torch.sqrt(area / r).clamp(max=1.0)
    cx = (torch.rand(b, generator=gen) * (1 - w) + w / 2) * 2 - 1
    cy = (torch.rand(b, generator=gen) * (1 - h) + h / 2) * 2 - 1
    flip = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = w * flip
    theta[:, 0, 2] = cx
    theta[:, 1, 1] = h
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, (b, 3, size, size), align_corners=False)
    x = x_uint8.float() / 255
    # Shrinking by more than 2x with bilinear sampling aliases: pre-blur by area-downscaling first.
    src = x.shape[-1]
    min_side = float(torch.minimum(w, h).min()) * src
    if min_side > 2 * size:
        f = max(1, int(src * float(torch.minimum(w, h).min()) // (2 * size)))
        if f > 1:
            x = F.avg_pool2d(x, f)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    return normalise(out)
