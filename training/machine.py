"""The machine a run happened on, for the training log: CPU model, ISA extensions that matter to
PyTorch's CPU kernels, core count, torch build."""
import os
import platform

import torch

ISA = ("avx2", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile")


def machine_info(device):
    cpu, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    info = {"cpu": cpu, "isa": [i for i in ISA if i in flags], "cores": os.cpu_count(), "threads": torch.get_num_threads(),
            "torch": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(), "device": device.type}
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(0)
    return info
