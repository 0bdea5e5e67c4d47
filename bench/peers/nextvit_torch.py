"""PyTorch peer for `npm run bench`: the repo's PyTorch Next-ViT (training/nextvit.py, built from the
lab's block plan, module names = the official state-dict keys), loaded with the lab's weights, timed one repetition
per request so the caller can interleave its own runs with ours.

Usage: python3 bench/peers/nextvit_torch.py PLAN.json WEIGHTS.safetensors INPUT.f32 THREADS
Then stdin lines: "forward" | "forward_bf16" | "analysis" | "quit". Each answers one JSON line with "ms".
Startup answers {"ready": ..., "logits": [...], "taps": {...}, "torch": version, "bf16": ..., "camPeer": ...}.
The analysis uses pytorch-grad-cam's GradCAM where it imports (bench/.venv-gradcam), else the same recipe written out.
"forward_bf16" is the forward under CPU bf16 autocast, what a PyTorch 2 user on this CPU would switch on; it is
offered only where the CPU computes bf16 natively (AVX-512 BF16 or AMX), where emulated bf16 would be a straw man.
"""
import copy
import json
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 2)[0])  # bench/: the spectra recipe of bench/spectra.py
sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/training")  # the repo's one PyTorch Next-ViT
from spectra import spectra  # noqa: E402
from nextvit import NextViT  # noqa: E402
from precision import cpu_bf16  # noqa: E402

try:  # pytorch-grad-cam, in the bench-only venv bench/.venv-gradcam (bench/peers/setup-gradcam.sh)
    from importlib.metadata import version
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
    GRADCAM = version("grad-cam")
except ImportError:
    GRADCAM = None

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


def grad_cam(act, grad, size):
    """What pytorch-grad-cam's GradCAM computes for one image and target layer, written out for the trainer's venv
    (pytorch-grad-cam needs torchvision, which is only in the bench-only venv): channel weights = spatial mean of
    the gradient, ReLU of the weighted sum, bilinear resize to the input, min-max scaling."""
    w = grad.mean(axis=(2, 3), keepdims=True)
    cam = np.maximum((w * act).sum(axis=1), 0)[0]
    cam = F.interpolate(torch.from_numpy(cam)[None, None], size=(size, size), mode="bilinear", align_corners=False)[0, 0].numpy()
    cam -= cam.min()
    return cam / (cam.max() + 1e-7)


class EvalAffine(torch.nn.Module):
    """An eval-mode BatchNorm as the affine map it is: y = x * scale + shift per channel (dim 1)."""

    def __init__(self, bn):
        super().__init__()
        scale = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach()
        self.register_buffer("scale", scale)
        self.register_buffer("shift", (bn.bias - bn.running_mean * scale).detach())

    def forward(self, x):
        shape = (1, -1) + (1,) * (x.dim() - 2)
        return x * self.scale.view(shape) + self.shift.view(shape)


class Tapped(torch.nn.Module):
    """The model as pytorch-grad-cam calls it (model(x)), keeping every tap of the last call for the spectra."""

    def __init__(self, inner):
        super().__init__()
        self.inner, self.taps = inner, {}

    def forward(self, x):
        self.taps = {}
        return self.inner(x, self.taps)


def affine_batchnorms(module):
    """torch 2.13's CPU eval BatchNorm backward returns a wrong input gradient when the incoming gradient
    is channels-last and the input is not (batch 1; E-MHSA's transposes produce such gradients): the
    Grad-CAM gradient at stage 3 was off by 200% against finite differences and ours. Same outputs,
    plain autograd ops. (Debian's torch 1.13 had its own eval-BN backward fault; the peer did this then too.)"""
    for name, child in module.named_children():
        if isinstance(child, torch.nn.modules.batchnorm._BatchNorm):
            setattr(module, name, EvalAffine(child))
        else:
            affine_batchnorms(child)
    return module


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
    cam_model = affine_batchnorms(copy.deepcopy(model))  # the analysis' gradient only; forward and float64 keep nn.BatchNorm
    size = plan["size"]
    x = torch.from_numpy(np.fromfile(input_path, dtype=np.float32).reshape(1, 3, size, size))
    cam_tap, cam_class = plan["camTap"], plan["camClass"]

    def forward():
        with torch.no_grad():
            return model(x)

    def forward_bf16():
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            return model(x)

    engine = None
    if GRADCAM:
        tapped = Tapped(cam_model)
        engine = GradCAM(model=tapped, target_layers=[cam_model.get_submodule(cam_tap)])
        # The weights are frozen, so the input must carry the autograd graph (as in analysis() below); GradCAM's
        # constructor does not pass BaseCAM's compute_input_gradient on, so it is set on the instance.
        engine.compute_input_gradient = True

    def tap_spectra(taps):
        """Every tap as numpy and the spectra of each (their last value summed, so the work cannot be skipped)."""
        acts = {k: v.detach().numpy() for k, v in taps.items()}
        return acts, sum(float(spectra(a)[1][-1]) for a in acts.values())

    def analysis_gradcam():
        cam = engine(input_tensor=x, targets=[ClassifierOutputTarget(cam_class)])[0]
        _, check = tap_spectra(tapped.taps)
        return engine.outputs.detach(), check, cam

    def analysis():
        if engine:
            return analysis_gradcam()
        taps = {}
        with torch.enable_grad():
            xg = x.clone().requires_grad_(True)  # so activations carry autograd history
            logits = cam_model(xg, taps)
            (grad,) = torch.autograd.grad(logits[0, cam_class], taps[cam_tap])
        acts, check = tap_spectra(taps)
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
    bf16 = None
    if cpu_bf16():  # emulated bf16 would be a straw man (training/precision.py)
        bf16 = {"amx": "amx" in cpu_bf16(), "logits": forward_bf16()[0].float().tolist()}
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "logits": logits[0].tolist(), "logits64": logits64, "tapSums": tap_sums, "cam": cam[::16, ::16].ravel().tolist(),
                      "bf16": bf16, "camPeer": f"pytorch-grad-cam {GRADCAM}" if GRADCAM else "hand-written GradCAM"}),
          flush=True)
    work = {"forward": forward, "analysis": analysis, **({"forward_bf16": forward_bf16} if bf16 else {})}
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
