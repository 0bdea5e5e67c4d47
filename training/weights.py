"""State dicts to and from safetensors in the official Next-ViT key layout (what the lab loads), in float16 or,
for the ablation variants that must share public/models/'s 300 MiB, int8 per output channel."""
import torch
from safetensors import safe_open
from safetensors.torch import save_file

# BatchNorm running statistics stay float32: trained nets carry running variances beyond float16's 65504
# (seen: Next-ViT-S on Imagenette, features.19.projection.norm), and they are a few kB in all.
FLOAT32_SUFFIXES = ("running_mean", "running_var")

# int8 storage (lib/checkpoint/quantized.ts reads the same): conv and linear weights (a `.weight` of two or more
# dimensions) as int8 q with one float32 scale per output channel (dim 0) under `<key>.int8_scale`, symmetric,
# scale = max |w| / 127, w ≈ q * scale; everything else, and keys under the `keep` prefixes, as in the float16
# file. The file's metadata names the scheme, so a reader that does not know it refuses instead of loading
# integers as weights; which tensors are int8 is read from the scales, so the writer's choice needs no metadata.
INT8_SCHEME = "int8-per-output-channel"
SCALE_SUFFIX = ".int8_scale"


def stored(state_dict, dtype=torch.float32):
    """The tensors as the lab stores them: floats in `dtype` (BN statistics float32), no BatchNorm
    num_batches_tracked counters (the lab and the official eval never read them)."""
    out = {}
    for k, v in state_dict.items():
        if k.endswith("num_batches_tracked"):
            continue
        t = v.detach().to("cpu")
        if t.is_floating_point():
            t = t.to(torch.float32 if k.endswith(FLOAT32_SUFFIXES) else dtype)
        out[k] = t.contiguous()
    return out


def quantizable(key, t):
    return t.is_floating_point() and t.dim() >= 2 and key.endswith(".weight")


def quantize_int8(state_dict, keep=()):
    """stored(state_dict, float16) with every conv/linear weight not under a `keep` prefix replaced by int8 +
    per-output-channel scale."""
    out = stored(state_dict, torch.float16)
    for k in list(out):
        t = state_dict[k].detach().to("cpu", torch.float32)
        if not quantizable(k, t) or k.startswith(tuple(keep)):
            continue
        w = t.reshape(t.shape[0], -1)
        # A channel of zeros keeps scale 1 (q = 0): no division by zero, and it dequantises to exact zeros.
        s = w.abs().amax(1) / 127
        s = torch.where(s > 0, s, torch.ones_like(s))
        out[k] = torch.round(w / s[:, None]).clamp(-127, 127).to(torch.int8).reshape(t.shape).contiguous()
        out[k + SCALE_SUFFIX] = s.contiguous()
    return out


def dequantize(tensors, metadata):
    """float32 state dict from a file's tensors; int8 weights times their scales when the file says int8."""
    scheme = (metadata or {}).get("quantization")
    if scheme is None:
        return {k: v.float() for k, v in tensors.items()}
    if scheme != INT8_SCHEME:
        raise ValueError(f"unknown quantization {scheme!r} (this reader knows {INT8_SCHEME!r})")
    out = {}
    for k, v in tensors.items():
        if k.endswith(SCALE_SUFFIX):
            continue
        s = tensors.get(k + SCALE_SUFFIX)
        if s is None:
            out[k] = v.float()
            continue
        shape = [-1] + [1] * (v.dim() - 1)
        out[k] = v.float() * s.float().reshape(shape)
    return out


def save_state_dict(path, state_dict, metadata=None, dtype=torch.float32, int8=False, keep=()):
    """int8: quantize_int8(state_dict, keep); else floats in `dtype`."""
    meta = {k: str(v) for k, v in (metadata or {}).items()}
    if int8:
        save_file(quantize_int8(state_dict, keep), path, metadata={**meta, "quantization": INT8_SCHEME})
    else:
        save_file(stored(state_dict, dtype), path, metadata=meta)


def load_state_dict(path):
    with safe_open(path, "pt") as f:
        return dequantize({k: f.get_tensor(k) for k in f.keys()}, f.metadata())
