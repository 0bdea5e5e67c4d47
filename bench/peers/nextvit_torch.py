"""PyTorch peer for `npm run bench`: Next-ViT written from the lab's block plan (our own code,
module names = the official state-dict keys), loaded with the lab's weights, timed one repetition
per request so the caller can interleave its own runs with ours.

Usage: python3 bench/peers/nextvit_torch.py PLAN.json WEIGHTS.safetensors INPUT.f32 THREADS
Then stdin lines: "forward" | "analysis" | "quit". Each answers one JSON line with "ms".
Startup answers {"ready": ..., "logits": [...], "taps": {...}, "torch": version}.
"""
import copy
import json
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 2)[0])  # bench/: the spectra recipe of bench/spectra.py
from spectra import spectra  # noqa: E402

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        a, b = info["data_offsets"]
        arr = np.frombuffer(raw, dtype=DTYPES[info["dtype"]], count=(b - a) // np.dtype(DTYPES[info["dtype"]]).itemsize, offset=base + a)
        out[key] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out


class EvalBN(nn.modules.batchnorm._BatchNorm):
    """Eval-mode BatchNorm. Debian's torch 1.13 CPU BN backward in eval mode disagrees with finite
    differences here (checked in float64), so with autograd on it runs as the explicit affine map;
    without autograd (the timed forward) it is torch's own kernel."""

    def forward(self, x):
        if not torch.is_grad_enabled():
            return super().forward(x)
        scale = self.weight / torch.sqrt(self.running_var + self.eps)
        shape = (1, -1) + (1,) * (x.dim() - 2)
        return x * scale.reshape(shape) + (self.bias - self.running_mean * scale).reshape(shape)

    def _check_input_dim(self, x):
        pass


class ConvBNReLU(nn.Module):
    def __init__(self, cin, cout, stride, eps):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.norm = EvalBN(cout, eps=eps)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


class PatchEmbed(nn.Module):
    def __init__(self, cin, cout, stride, eps):
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)
        self.norm = EvalBN(cout, eps=eps)

    def forward(self, x):
        if self.stride == 2:
            x = F.avg_pool2d(x, 2, 2, ceil_mode=True, count_include_pad=False)
        return self.norm(self.conv(x))


def patch_embed(cin, cout, stride, eps):
    return PatchEmbed(cin, cout, stride, eps) if stride == 2 or cin != cout else nn.Identity()


class MHCA(nn.Module):
    def __init__(self, c, head_dim, eps):
        super().__init__()
        self.group_conv3x3 = nn.Conv2d(c, c, 3, 1, 1, groups=c // head_dim, bias=False)
        self.norm = EvalBN(c, eps=eps)
        self.projection = nn.Conv2d(c, c, 1, bias=False)

    def forward(self, x):
        return self.projection(F.relu(self.norm(self.group_conv3x3(x))))


class Mlp(nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.conv1 = nn.Conv2d(c, hidden, 1)
        self.conv2 = nn.Conv2d(hidden, c, 1)

    def forward(self, x):
        return self.conv2(F.relu(self.conv1(x)))


class EMHSA(nn.Module):
    def __init__(self, c, head_dim, sr, eps):
        super().__init__()
        self.heads, self.d, self.sr = c // head_dim, head_dim, sr
        self.q, self.k, self.v, self.proj = (nn.Linear(c, c) for _ in range(4))
        if sr > 1:
            self.norm = EvalBN(c, eps=eps)

    def forward(self, x):  # x: [B, C, H, W] -> [B, C, H, W]
        b, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)  # [B, N, C], raster order
        kv = t
        if self.sr > 1:
            kv = self.norm(F.avg_pool1d(t.transpose(1, 2), self.sr ** 2, self.sr ** 2)).transpose(1, 2)
        split = lambda y: y.reshape(b, -1, self.heads, self.d).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(t)), split(self.k(kv)), split(self.v(kv))
        attn = ((q @ k.transpose(-1, -2)) * self.d ** -0.5).softmax(-1)
        y = self.proj((attn @ v).transpose(1, 2).reshape(b, h * w, c))
        return y.transpose(1, 2).reshape(b, c, h, w)


class NCB(nn.Module):
    def __init__(self, p, head_dim, eps):
        super().__init__()
        self.patch_embed = patch_embed(p["inCh"], p["outCh"], p["stride"], eps)
        self.mhca = MHCA(p["outCh"], head_dim, eps)
        self.norm = EvalBN(p["outCh"], eps=eps)
        self.mlp = Mlp(p["outCh"], p["mlpHidden"])

    def forward(self, x, taps, name):
        x = self.patch_embed(x)
        x = x + self.mhca(x)
        return x + self.mlp(self.norm(x))


class NTB(nn.Module):
    def __init__(self, p, head_dim, eps):
        super().__init__()
        self.has_mhsa, self.has_mhca = p["mhsaCh"] > 0, p["mhcaCh"] > 0
        if self.has_mhsa:
            self.patch_embed = patch_embed(p["inCh"], p["mhsaCh"], p["stride"], eps)
            self.norm1 = EvalBN(p["mhsaCh"], eps=eps)
            self.e_mhsa = EMHSA(p["mhsaCh"], head_dim, p["srRatio"], eps)
        if self.has_mhca:
            cin, stride = (p["mhsaCh"], 1) if self.has_mhsa else (p["inCh"], p["stride"])
            self.projection = patch_embed(cin, p["mhcaCh"], stride, eps)
            self.mhca = MHCA(p["mhcaCh"], head_dim, eps)
        self.norm2 = EvalBN(p["outCh"], eps=eps)
        self.mlp = Mlp(p["outCh"], p["mlpHidden"])

    def forward(self, x, taps, name):
        parts = []
        if self.has_mhsa:
            x = self.patch_embed(x)
            a = self.e_mhsa(self.norm1(x))
            taps[name + ".e_mhsa"] = a
            x = x + a
            parts.append(x)
        if self.has_mhca:
            out = self.projection(x)
            m = self.mhca(out)
            taps[name + ".mhca"] = m
            parts.append(out + m)
        x = parts[0] if len(parts) == 1 else torch.cat(parts, 1)
        return x + self.mlp(self.norm2(x))


class NextViT(nn.Module):
    def __init__(self, plan):
        super().__init__()
        eps, hd = plan["bnEps"], plan["headDim"]
        s = plan["stemChs"]
        chs = [3, s[0], s[1], s[2], s[2]]
        self.stem = nn.Sequential(*(ConvBNReLU(chs[i], chs[i + 1], 2 if i in (0, 3) else 1, eps) for i in range(4)))
        self.features = nn.ModuleList((NCB if b["kind"] == "NCB" else NTB)(b, hd, eps) for b in plan["blocks"])
        last = plan["blocks"][-1]["outCh"]
        self.norm = EvalBN(last, eps=eps)
        self.proj_head = nn.Sequential(nn.Linear(last, plan["numClasses"]))

    def forward(self, x, taps=None):
        taps = {} if taps is None else taps
        x = self.stem(x)
        taps["stem"] = x
        for i, blk in enumerate(self.features):
            x = blk(x, taps, f"features.{i}")
            taps[f"features.{i}"] = x
        return self.proj_head(torch.flatten(F.adaptive_avg_pool2d(self.norm(x), 1), 1))


def grad_cam(act, grad, size):
    """What pytorch-grad-cam's GradCAM computes for one image and target layer (its package is
    not installable here): channel weights = spatial mean of the gradient, ReLU of the weighted
    sum, bilinear resize to the input, min-max scaling."""
    w = grad.mean(axis=(2, 3), keepdims=True)
    cam = np.maximum((w * act).sum(axis=1), 0)[0]
    cam = F.interpolate(torch.from_numpy(cam)[None, None], size=(size, size), mode="bilinear", align_corners=False)[0, 0].numpy()
    cam -= cam.min()
    return cam / (cam.max() + 1e-7)


def main():
    plan_path, weights_path, input_path, threads = sys.argv[1:5]
    torch.set_num_threads(int(threads))
    plan = json.load(open(plan_path))
    model = NextViT(plan).eval()
    sd = read_safetensors(weights_path)
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    unexpected = [k for k in unexpected if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit the module: missing {missing[:3]}, unexpected {unexpected[:3]}")
    for p in model.parameters():
        p.requires_grad_(False)
    size = plan["size"]
    x = torch.from_numpy(np.fromfile(input_path, dtype=np.float32).reshape(1, 3, size, size))
    cam_tap, cam_class = plan["camTap"], plan["camClass"]

    def forward():
        with torch.no_grad():
            return model(x)

    def analysis():
        taps = {}
        with torch.enable_grad():
            xg = x.clone().requires_grad_(True)  # so activations carry autograd history
            logits = model(xg, taps)
            (grad,) = torch.autograd.grad(logits[0, cam_class], taps[cam_tap])
        acts = {k: v.detach().numpy() for k, v in taps.items()}
        check = sum(float(spectra(a)[1][-1]) for a in acts.values())
        cam = grad_cam(acts[cam_tap], grad.numpy(), size)
        return logits.detach(), check, cam

    logits = forward()
    _, _, cam = analysis()
    with torch.no_grad():  # float64 reference: random-init Next-ViT amplifies float32 rounding
        logits64 = copy.deepcopy(model).double()(x.double())[0].tolist()
    taps = {}
    with torch.no_grad():
        model(x, taps)
    tap_sums = {k: float(v.double().sum()) for k, v in taps.items()}
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "logits": logits[0].tolist(), "logits64": logits64, "tapSums": tap_sums, "cam": cam[::16, ::16].ravel().tolist()}), flush=True)
    work = {"forward": forward, "analysis": analysis}
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "quit":
            break
        t0 = time.perf_counter()
        work[cmd]()
        ms = (time.perf_counter() - t0) * 1000
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"ms": ms, "peakRssMb": rss}), flush=True)


if __name__ == "__main__":
    main()
