"""State dicts to and from safetensors in the official Next-ViT key layout (what the lab loads)."""
import torch
from safetensors.torch import load_file, save_file

# BatchNorm running statistics stay float32: trained nets carry running variances beyond float16's 65504
# (seen: Next-ViT-S on Imagenette, features.19.projection.norm), and they are a few kB in all.
FLOAT32_SUFFIXES = ("running_mean", "running_var")


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


def save_state_dict(path, state_dict, metadata=None, dtype=torch.float32):
    save_file(stored(state_dict, dtype), path, metadata={k: str(v) for k, v in (metadata or {}).items()})


def load_state_dict(path):
    return {k: v.float() for k, v in load_file(path).items()}
