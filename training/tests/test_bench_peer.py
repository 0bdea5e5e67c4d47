"""The bench's PyTorch peer (bench/peers/nextvit_torch.py) computes its Grad-CAM gradient with frozen
weights, batch 1, eval BatchNorm, as a Grad-CAM user does at inference. torch 2.13's CPU eval BatchNorm
backward gets the input gradient wrong when the incoming gradient is channels-last and the input is not
(E-MHSA's transposes make such gradients), so the peer turns every eval BatchNorm into its affine map.
Here: that map leaves the logits alone, and the peer's gradients equal the official code's (fixtures).
Run: training/.venv/bin/python -m unittest discover -s training/tests
"""
import json
import os
import sys
import unittest

import torch
from safetensors.torch import load_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "bench", "peers"))
from nextvit import NextViT  # noqa: E402
from nextvit_torch import affine_batchnorms  # noqa: E402

FIX = os.path.join(ROOT, "tests", "fixtures", "nextvit-mini")


class PeerGradCam(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(HERE, "fixtures", "plan-nextvit-mini.json")) as f:
            self.plan = json.load(f)
        sd = {k: v.double() for k, v in load_file(os.path.join(FIX, "nextvit-mini.official.safetensors")).items()}
        self.model = NextViT(self.plan).double().eval()
        self.model.load_state_dict(sd, strict=False)
        self.io = load_file(os.path.join(FIX, "nextvit-mini.io.224x224.safetensors"))
        with open(os.path.join(FIX, "nextvit-mini.json")) as f:
            self.target = json.load(f)["inputs"]["224x224"]["target_class"]

    def peer_grads(self, model, names):
        for p in model.parameters():
            p.requires_grad_(False)
        taps = {}
        x = self.io["input"].double().clone().requires_grad_(True)
        logits = model(x, taps)
        return logits.detach(), torch.autograd.grad(logits[0, self.target], [taps[n] for n in names])

    def test_affine_batchnorms_keep_logits_and_give_official_gradients(self):
        names = [f"features.{i}" for i in range(4, 8)]  # downstream of the fixture's ReLU tie (see test_nextvit)
        with torch.no_grad():
            ref_logits = self.model(self.io["input"].double())
        logits, grads = self.peer_grads(affine_batchnorms(self.model), names)
        self.assertLessEqual(float((logits - ref_logits).abs().max() / ref_logits.abs().max()), 1e-12)
        for n, g in zip(names, grads):
            ref = self.io[f"grad.{n}"].double()
            self.assertLessEqual(float((g - ref).norm() / ref.norm()), 1e-5, n)
        self.assertFalse(any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in self.model.modules()))


if __name__ == "__main__":
    unittest.main()
