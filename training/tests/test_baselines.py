"""training/{resnet,swin,levit}.py against the parity fixtures the lab is proven on (tests/fixtures/*-mini: timm's
ResNet-50 and Swin-T, the official LeViT-128S, float64 references): each model is built from the plan `lab plan`
emits (stored in training/tests/fixtures/plan-*.json; tests/unit/lab-plan-cli.test.ts checks they are current), has
exactly the fixture's state-dict keys and shapes and the 10-class parameter count of its README, and gives every
tap, the logits and the gradients of the references. Run: training/.venv/bin/python -m unittest discover -s training/tests
"""
import json
import os
import sys
import unittest

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(HERE, ".."))
from models import build_model  # noqa: E402
from trainer import classification_loss  # noqa: E402

# fixture case -> (weights file, input size, parameters with 10 classes as its README states)
CASES = {
    "resnet50-mini": ("resnet50-mini.timm", "160x160", 23_528_522),
    "swin-t-mini": ("swin-t-mini.timm", "160x160", 27_514_900),
    "levit128s-mini": ("levit128s-mini.official", "224x224", 7_014_758),
}


def plan(name):
    with open(os.path.join(HERE, "fixtures", f"plan-{name}.json")) as f:
        return json.load(f)


def fixture(name, what):
    return load_file(os.path.join(ROOT, "tests", "fixtures", name, f"{what}.safetensors"))


def rel_err(a, b):
    return float((a.double() - b.double()).abs().max() / b.double().abs().max())


class Parity:
    """Mixed into one TestCase per architecture (the fixtures are large: each case loads its own once)."""
    case = None

    @classmethod
    def setUpClass(cls):
        weights, cls.size, cls.params = CASES[cls.case]
        cls.sd = {k: v.double() for k, v in fixture(cls.case, weights).items()}
        cls.io = fixture(cls.case, f"{cls.case}.io.{cls.size}")
        cls.model = build_model(plan(cls.case)).eval()
        missing, unexpected = cls.model.load_state_dict(cls.sd, strict=False)
        assert [k for k in missing if not k.endswith("num_batches_tracked")] == [] and unexpected == []
        cls.model.double()

    def test_keys_shapes_and_parameter_count(self):
        ours = {k: tuple(v.shape) for k, v in build_model(plan(self.case)).state_dict().items()
                if not k.endswith("num_batches_tracked")}
        self.assertEqual(ours, {k: tuple(v.shape) for k, v in self.sd.items()})
        self.assertEqual(sum(p.numel() for p in self.model.parameters()), self.params)

    def test_every_tap_and_logits_equal_the_reference(self):
        taps = {}
        with torch.no_grad():
            logits = self.model(self.io["input"].double(), taps)
        names = [k for k in self.io if not k.startswith("grad.") and k != "input"]
        self.assertEqual(sorted(taps), sorted(n for n in names if n != "logits"))  # the fixture's taps, no more
        errs = {n: rel_err(logits if n == "logits" else taps[n], self.io[n]) for n in names}
        worst = max(errs, key=errs.get)
        # float64 against references stored as float32: the storage rounding (6e-8) is the floor.
        self.assertLessEqual(errs[worst], 1e-5, f"{worst}: {errs[worst]:.2e}")
        print(f"\n  {self.case} forward (float64): worst {errs[worst]:.1e} at {worst}, logits {errs['logits']:.1e}",
              end=" ", flush=True)

    def test_gradients_equal_the_reference(self):
        """d logits[0, target] / d tap against the references' float64 autograd: the backward pass the trainer
        relies on (bias gathers, window rolls and masks, LeViT's BatchNorm1d over tokens) is the references'."""
        with open(os.path.join(ROOT, "tests", "fixtures", self.case, f"{self.case}.json")) as f:
            meta = json.load(f)
        target = meta["target_class"]
        taps = {}
        logits = self.model(self.io["input"].double(), taps)
        names = sorted(taps)
        grads = torch.autograd.grad(logits[0, target], [taps[n] for n in names])
        errs = {n: float((g - self.io[f"grad.{n}"].double()).norm() / self.io[f"grad.{n}"].double().norm())
                for n, g in zip(names, grads)}
        worst = max(errs, key=errs.get)
        self.assertLessEqual(errs[worst], 1e-5, f"{worst}: {errs[worst]:.2e}")
        print(f"\n  {self.case} gradients (float64): worst relative L2 {errs[worst]:.1e} at {worst}", end=" ", flush=True)


class ResNet50(Parity, unittest.TestCase):
    case = "resnet50-mini"


class SwinT(Parity, unittest.TestCase):
    case = "swin-t-mini"

    def test_other_sizes_are_refused(self):
        with self.assertRaisesRegex(ValueError, "built for 160 px"):
            build_model(plan(self.case))(torch.zeros(1, 3, 128, 128))


class LeViT128S(Parity, unittest.TestCase):
    case = "levit128s-mini"

    def test_training_returns_both_heads_and_eval_their_mean(self):
        m = build_model(plan(self.case)).double()
        m.load_state_dict(self.sd, strict=False)
        x = self.io["input"].double()
        with torch.no_grad():
            a, b = m.train()(torch.cat([x, x.flip(-1)]))  # batch statistics (two images: the head BN needs them)
            m.eval()
            pooled = {}
            m.head.register_forward_hook(lambda mod, i, o: pooled.setdefault("head", o))
            m.head_dist.register_forward_hook(lambda mod, i, o: pooled.setdefault("dist", o))
            merged = m(x)
        self.assertEqual((a.shape, b.shape), ((2, 10), (2, 10)))
        torch.testing.assert_close(merged, (pooled["head"] + pooled["dist"]) / 2)
        self.assertGreater(float((pooled["head"] - pooled["dist"]).abs().max()), 1e-3)  # two different heads

    def test_loss_averages_both_heads(self):
        a, b, y = torch.randn(4, 10), torch.randn(4, 10), torch.tensor([0, 3, 5, 9])
        want = (F.cross_entropy(a, y, label_smoothing=0.1) + F.cross_entropy(b, y, label_smoothing=0.1)) / 2
        torch.testing.assert_close(classification_loss((a, b), y, 0.1), want)
        torch.testing.assert_close(classification_loss(a, y, 0.1), F.cross_entropy(a, y, label_smoothing=0.1))

    def test_other_sizes_are_refused(self):
        with self.assertRaisesRegex(ValueError, "built for 224 px"):
            build_model(plan(self.case))(torch.zeros(1, 3, 160, 160))


class Factory(unittest.TestCase):
    def test_plans_without_a_family_are_nextvit_and_drop_path_is_nextvit_only(self):
        p = plan("tiny")
        p.pop("family")
        self.assertEqual(type(build_model(p, 0.1)).__name__, "NextViT")
        with self.assertRaisesRegex(ValueError, "Next-ViT only"):
            build_model(plan("levit128s-mini"), 0.1)
        with self.assertRaisesRegex(ValueError, "family 'vgg'"):
            build_model({"family": "vgg"})


if __name__ == "__main__":
    unittest.main()
