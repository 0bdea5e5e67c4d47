"""What a training run is made of, apart from its schedule (train.py): the model, its EMA and optimiser stepping in
the run's precision (Trainer), the held-out split, the speed probe that sizes the schedule, warm starts and the
atomic writes of checkpoint and log."""
import copy
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import train_batch  # noqa: E402
from models import build_model, decays  # noqa: E402
from precision import autocast, choose_amp  # noqa: E402


def holdout_split(y, per_class, seed):
    """Indices (train, holdout): `per_class` images of each class held out to choose the eval size."""
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(len(y), generator=g)
    hold, counts = [], {}
    for i in perm.tolist():
        c = int(y[i])
        if counts.get(c, 0) < per_class:
            hold.append(i)
            counts[c] = counts.get(c, 0) + 1
    held = set(hold)
    return torch.tensor([i for i in range(len(y)) if i not in held]), torch.tensor(sorted(hold))


def classification_loss(out, y, label_smoothing):
    """Cross-entropy on the labels. A model with two heads returns both in training (LeViT: classifier and
    distillation head, trained here on the labels, with no teacher): the mean of the two losses."""
    outs = out if isinstance(out, tuple) else (out,)
    return sum(F.cross_entropy(o, y, label_smoothing=label_smoothing) for o in outs) / len(outs)


class Trainer:
    def __init__(self, args, recipe, plan, device):
        self.args, self.recipe, self.device = args, recipe, device
        self.amp, self.amp_why = choose_amp(device)
        self.model = build_model(plan, recipe["drop_path"]).to(device).to(memory_format=torch.channels_last)
        self.ema = copy.deepcopy(self.model).eval()
        for p in self.ema.parameters():
            p.requires_grad_(False)
        decay, no_decay = [], []
        for n, p in self.model.named_parameters():
            (decay if decays(n, p) else no_decay).append(p)
        self.opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": recipe["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
            lr=recipe["lr"], betas=recipe["betas"])
        self.grad_norms = []  # this epoch's, before clipping

    def autocast(self):
        return autocast(self.device, self.amp)

    def step(self, xb, yb, lr):
        for g in self.opt.param_groups:
            g["lr"] = lr
        with self.autocast():
            loss = classification_loss(self.model(xb), yb, self.recipe["label_smoothing"])
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        # The gradient norm is kept whether or not it is clipped (0: no clipping): a divergence shows in it first.
        norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.recipe["grad_clip"] or math.inf)
        self.grad_norms.append(float(norm))
        self.opt.step()
        return loss.item()

    @torch.no_grad()
    def update_ema(self, decay):
        for e, m in zip(self.ema.parameters(), self.model.parameters()):
            e.lerp_(m, 1 - decay)
        for e, m in zip(self.ema.buffers(), self.model.buffers()):
            # BN running statistics are averaged like the weights they belong to: copying the live model's
            # made the EMA weights meet statistics of other weights (it trailed the raw ones all of run 1).
            e.lerp_(m, 1 - decay) if e.is_floating_point() else e.copy_(m)

    def batch(self, x_uint8, size):
        xb = train_batch(x_uint8, size, scale=self.recipe["crop_scale"])
        return xb.to(self.device).contiguous(memory_format=torch.channels_last)


def measure_speed(trainer, x, size, steps=5):
    """img/s of training at `size` on a throwaway copy (the real model is not touched): augmentation, step and EMA
    update, as an epoch runs them; the median after one warm-up step. (Timing the step alone, best of three, said
    56 img/s for ResNet-50 at 112 px where its first epoch ran 43, and the run then dropped 11 of 40 epochs.)"""
    probe = copy.copy(trainer)
    probe.model = copy.deepcopy(trainer.model).train()
    probe.ema = copy.deepcopy(trainer.ema)
    probe.opt = torch.optim.AdamW(probe.model.parameters(), lr=0.0)
    b = trainer.recipe["batch"]
    times = []
    for i in range(steps):
        t = time.perf_counter()
        idx = torch.arange(i * b, (i + 1) * b) % len(x)  # wraps around a train set smaller than the batches
        xb, yb = probe.batch(x[idx], size), torch.zeros(b, dtype=torch.long, device=trainer.device)
        probe.step(xb, yb, 0.0)
        probe.update_ema(trainer.recipe["ema_decay"])
        times.append(time.perf_counter() - t)
    rest = sorted(times[1:] or times)
    return b / rest[len(rest) // 2]


def init_weights(trainer, path):
    """Load a previous run's weights into the model and its EMA (a warm start: the optimiser and the schedule
    start afresh). Returns the provenance logged with the run."""
    from data import sha256_file
    from weights import load_state_dict
    if not os.path.exists(path):
        sys.exit(f"train: --init {path} does not exist: give a run's last.pt or final.safetensors")
    try:
        sd = torch.load(path, weights_only=False)["model"] if path.endswith(".pt") else load_state_dict(path)
        missing, unexpected = trainer.model.load_state_dict(sd, strict=False)
    except Exception as e:  # noqa: BLE001
        sys.exit(f"train: --init {path} could not be loaded into this plan ({e}): was it trained with the same plan?")
    real_missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if real_missing or unexpected:
        sys.exit(f"train: --init {path} does not match the plan: missing {real_missing[:3]}, unexpected {unexpected[:3]}")
    trainer.ema.load_state_dict(trainer.model.state_dict())
    prev = os.path.join(os.path.dirname(path), "log.json")
    info = {"path": os.path.relpath(path), "sha256": sha256_file(path)}
    if os.path.exists(prev):
        with open(prev) as f:
            p = json.load(f)
        info.update({"recipe": p.get("recipe_name"), "epochs": len(p.get("epochs", [])), "schedule": p.get("schedule"),
                     "val_top1": (p.get("final") or {}).get("val_top1")})
    print(f"train: warm start from {path} ({info.get('epochs', '?')} epochs before)", flush=True)
    return info


def save_checkpoint(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)  # a kill during the save leaves the previous checkpoint intact


def write_log(path, log):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(log, f, indent=1)
    os.replace(tmp, path)
