"""training/precision.py: bf16 autocast only where the device computes bf16 natively. On an AVX2-only CPU PyTorch
emulates bf16 and a C-T-T-T train step ran ~20x slower than float32 (0.36 against 7.6 img/s), so a run there computes
in float32 and says so; LAB_AMP overrides; the log and the manifest's recipe text record the precision."""
import os
import sys
import unittest
from unittest import mock

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import export  # noqa: E402
import precision  # noqa: E402

CPU = torch.device("cpu")


def machine(native):
    return mock.patch.object(precision, "cpu_bf16", lambda: native)


class ChooseAmp(unittest.TestCase):
    def test_by_the_cpu(self):
        with machine(["avx512_bf16", "amx"]):
            self.assertEqual(precision.choose_amp(CPU, env="")[0], "bf16")
        with machine(["avx512_bf16"]):
            self.assertEqual(precision.choose_amp(CPU, env="")[0], "bf16")
        with machine([]):
            amp, why = precision.choose_amp(CPU, env="")
            self.assertEqual(amp, "float32")
            self.assertIn("no native bf16", why)
            self.assertIn("LAB_AMP=bf16", why)  # the way to insist

    def test_lab_amp_overrides_and_is_checked(self):
        with machine([]):
            self.assertEqual(precision.choose_amp(CPU, env="bf16"), ("bf16", "LAB_AMP=bf16"))
        with machine(["amx"]):
            self.assertEqual(precision.choose_amp(CPU, env="float32")[0], "float32")
            with self.assertRaises(SystemExit) as e:
                precision.choose_amp(CPU, env="fp16")
            self.assertIn("bf16, float32", str(e.exception))

    def test_this_cpu_as_pytorch_sees_it(self):
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
        # PyTorch never claims what the CPU's flags deny (it may deny AMX the flags show, where the OS does not
        # enable it); on a CPU without them a run computes in float32.
        native = precision.cpu_bf16()
        self.assertLessEqual("avx512_bf16" in native, "avx512_bf16" in flags)
        self.assertLessEqual("amx" in native, "amx_tile" in flags)
        if not {"avx512_bf16", "amx_tile", "amx_bf16"} & set(flags):
            with mock.patch.dict(os.environ, {"LAB_AMP": ""}):
                self.assertEqual(precision.choose_amp(CPU)[0], "float32")

    def test_autocast_computes_in_the_chosen_precision(self):
        a, b = torch.randn(4, 4), torch.randn(4, 4)
        with precision.autocast(CPU, "bf16"):
            self.assertEqual((a @ b).dtype, torch.bfloat16)
        with precision.autocast(CPU, "float32"):
            self.assertEqual((a @ b).dtype, torch.float32)


class RecipeText(unittest.TestCase):
    def test_the_manifest_says_how_the_run_computed(self):
        self.assertEqual(export.precision_text({}), "bf16 autocast")  # logs from before precision.py
        self.assertEqual(export.precision_text({"amp": "float32"}), "float32")
        self.assertEqual(export.precision_text({"amp": "bf16", "amp_changes": [{"epoch": 8, "amp": "float32"}]}),
                         "bf16 autocast, float32 from epoch 9")


if __name__ == "__main__":
    unittest.main()
