"""train.py end to end for the comparison families (ResNet-50, Swin-T, LeViT) on the tiny synthetic data set of
tiny_dataset.py: the model comes from build_model(plan), a few steps run (LeViT: both heads on the labels), the
EMA, BatchNorm recalibration and the held-out choice run, and final.safetensors holds the lab's keys. Next-ViT's
run, through export to the lab, is tests/unit/training-smoke.test.ts.

What is proven here is the trainer's pipeline per family, not the architecture (test_baselines.py does that), so
each runs at a small size: ResNet-50 at 32 px, LeViT-128S built for 128 px (plan-levit128s-128.json, from
`lab plan --arch levit-128s --size 128`), and Swin-T's 160-px plan (its only size) cut to a quarter of the widths
and two blocks per stage (windows, shifts and masks as planned).
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

import numpy as np
from safetensors import safe_open

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import export  # noqa: E402
import tiny_dataset  # noqa: E402
import train  # noqa: E402
from models import build_model, decays  # noqa: E402


def plan(name):
    with open(os.path.join(HERE, "fixtures", f"plan-{name}.json")) as f:
        return json.load(f)


def narrow_swin(p):
    """Swin-T's plan at a quarter of the widths (head width 24 everywhere), two blocks per stage."""
    heads = [max(1, h // 3) for h in p["heads"]]
    stages = [dict(s, dim=s["dim"] // 4, heads=heads[i]) for i, s in enumerate(p["stages"])]
    return dict(p, embedDim=p["embedDim"] // 4, heads=heads, depths=[2] * len(p["depths"]), stages=stages)


class TrainSmoke(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="train-smoke-")
        cls.dir = cls.tmp.name
        rng = np.random.default_rng(0)
        tiny_dataset.write(os.path.join(cls.dir, "train.zip"), "train", 160, 3, rng)
        tiny_dataset.write(os.path.join(cls.dir, "val.zip"), "val", 224, 1, rng)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_family(self, name, p, size):
        recipe = f"smoke-{size}px"  # the smoke recipe at this family's size (in this process only)
        train.RECIPES[recipe] = dict(train.RECIPES["smoke"], sizes=((size, 1.0),), eval_sizes=(size,))
        plan_path, out = os.path.join(self.dir, f"plan-{name}.json"), os.path.join(self.dir, name)
        with open(plan_path, "w") as f:
            json.dump(p, f)
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            train.main(["--plan", plan_path, "--out", out, "--recipe", recipe, "--epochs", "1", "--max-steps", "2",
                        "--train-zip", os.path.join(self.dir, "train.zip"), "--val-zip", os.path.join(self.dir, "val.zip"),
                        "--cache", os.path.join(self.dir, "cache"), "--no-progress"])
        self.assertRegex(stdout.getvalue(), rf"final: (raw|ema)[^\n]* at {size} px: val top-1 [\d.]+% \(10 images\)")
        with open(os.path.join(out, "log.json")) as f:
            log = json.load(f)
        self.assertEqual(len(log["epochs"]), 1)
        self.assertTrue(np.isfinite(log["epochs"][0]["loss"]))
        # The precision this machine chose (training/precision.py), said at the start and kept in the log.
        self.assertIn(log["amp"], ("bf16", "float32"))
        self.assertIn(f"train: computing in {log['amp']}: ", stdout.getvalue())
        with safe_open(os.path.join(out, "final.safetensors"), "pt") as f:
            saved = set(f.keys())
        want = {k for k in build_model(p).state_dict() if not k.endswith("num_batches_tracked")}
        self.assertEqual(saved, want)
        return saved, log, out

    def export_entry(self, out, run_id, *extra):
        """export.py on the run, into a throw-away manifest: the entry the lab would load."""
        folder = os.path.join(self.dir, f"models-{run_id}")
        os.makedirs(folder, exist_ok=True)
        manifest = os.path.join(folder, "manifest.json")
        with open(manifest, "w") as f:
            json.dump({"models": []}, f)
        with contextlib.redirect_stdout(io.StringIO()):
            export.main(["--run", out, "--id", run_id, "--title", run_id, "--manifest", manifest,
                         "--logs-dir", os.path.join(folder, "logs"), *extra])
        with open(manifest) as f:
            (entry,) = json.load(f)["models"]
        self.assertTrue(os.path.exists(os.path.join(folder, f"{run_id}.safetensors")))
        return entry

    def test_resnet50(self):
        keys, log, out = self.run_family("resnet50", plan("resnet50-mini"), 32)
        self.assertIn("layer4.2.bn3.running_var", keys)
        e = self.export_entry(out, "resnet50-smoke")
        self.assertEqual((e["family"], e["arch"], e["weights"]["layout"]), ("resnet", "resnet50", "timm"))
        self.assertNotIn("size", e)
        self.assertEqual(e["preprocess"]["size"], 32)
        self.assertEqual(e["resolutions"][0], 224)  # any size works for a ResNet; the eval size is among them
        self.assertIn(32, e["resolutions"])
        # A public/models/ already at the limit: the export is refused before anything there changes.
        full = os.path.join(self.dir, "models-full")
        os.makedirs(full)
        with open(os.path.join(full, "big.safetensors"), "wb") as f:
            f.truncate(export.LIMIT_MIB * 2 ** 20)  # sparse: the size counts, the disk is not used
        manifest = os.path.join(full, "manifest.json")
        with open(manifest, "w") as f:
            json.dump({"models": []}, f)
        with self.assertRaises(SystemExit) as refused:
            export.main(["--run", out, "--id", "resnet50-full", "--title", "x", "--manifest", manifest,
                         "--logs-dir", os.path.join(full, "logs")])
        self.assertIn("over its 300 MiB limit", str(refused.exception.code))
        self.assertIn("big.safetensors", str(refused.exception.code))
        self.assertEqual(sorted(os.listdir(full)), ["big.safetensors", "manifest.json"])
        with open(manifest) as f:
            self.assertEqual(json.load(f), {"models": []})

    def test_levit128s(self):
        p = plan("levit128s-128")
        keys, log, out = self.run_family("levit128s", p, 128)
        self.assertIn("head_dist.l.weight", keys)
        e = self.export_entry(out, "levit-128s-smoke")
        self.assertEqual((e["family"], e["arch"], e["weights"]["layout"]), ("levit", "levit-128s", "official"))
        self.assertEqual((e["resolutions"], e["preprocess"]["size"]), ([128], 128))
        # Official LeViT keeps its attention-bias tables out of weight decay.
        m = build_model(p)
        self.assertFalse(decays("blocks.0.m.attention_biases", m.get_parameter("blocks.0.m.attention_biases")))
        self.assertTrue(decays("blocks.0.m.qkv.c.weight", m.get_parameter("blocks.0.m.qkv.c.weight")))

    def test_swin_t(self):
        p = narrow_swin(plan("swin-t-mini"))
        # The recipe's size list is ignored: a Swin plan trains and is evaluated at its own size only.
        recipe = train.fit_recipe(dict(train.RECIPES["cpu-short-2"]), p)
        self.assertEqual((recipe["sizes"], recipe["eval_sizes"]), (((160, 1.0),), (160,)))
        keys, log, out = self.run_family("swin-t-w5", p, 160)
        self.assertIn("layers.3.blocks.1.attn.relative_position_bias_table", keys)
        self.assertIn("sizes_fixed_by", log["recipe"])
        e = self.export_entry(out, "swin-t-w5-smoke")
        self.assertEqual((e["family"], e["arch"], e["weights"]["layout"]), ("swin", "swin-t-w5", "timm"))
        self.assertEqual((e["resolutions"], e["preprocess"]["size"]), ([160], 160))
        m = build_model(p)
        name = "layers.0.blocks.0.attn.relative_position_bias_table"
        self.assertFalse(decays(name, m.get_parameter(name)))

    def test_stopped_run_resumes_exactly(self):
        """A run stopped inside an epoch (as SIGTERM does, training/stopping.py) and resumed ends with the
        uninterrupted run's weights: same batches, same random crops, same optimiser state."""
        train.RECIPES["smoke-32px-b4"] = dict(train.RECIPES["smoke"], batch=4, sizes=((32, 1.0),), eval_sizes=(32,))
        plan_path = os.path.join(self.dir, "plan-resnet50-stop.json")
        with open(plan_path, "w") as f:
            json.dump(plan("resnet50-mini"), f)

        def run(out, *extra):
            stdout = io.StringIO()
            with contextlib.redirect_stdout(stdout):
                try:
                    train.main(["--plan", plan_path, "--out", out, "--recipe", "smoke-32px-b4", "--epochs", "2",
                                "--train-zip", os.path.join(self.dir, "train.zip"),
                                "--val-zip", os.path.join(self.dir, "val.zip"),
                                "--cache", os.path.join(self.dir, "cache"), "--no-progress", *extra])
                except SystemExit as e:
                    return e.code, stdout.getvalue()
            return 0, stdout.getvalue()

        whole, cut = os.path.join(self.dir, "whole"), os.path.join(self.dir, "cut")
        self.assertEqual(run(whole)[0], 0)
        # Stopped at step 3 of epoch 1's 5 (20 training images, batch 4), saving at every step on the way.
        code, out = run(cut, "--stop-after-steps", "3", "--save-every-min", "0")
        self.assertEqual(code, train.EXIT_STOPPED, out)
        self.assertIn("stopped (--stop-after-steps 3) at step 3 of 5 in epoch 1 of 2", out)
        self.assertFalse(os.path.exists(os.path.join(cut, "final.safetensors")))
        st = train.torch.load(os.path.join(cut, "last.pt"), weights_only=False)
        self.assertEqual((st["epoch"], st["mid_epoch"]["step"], len(st["mid_epoch"]["losses"])), (0, 3, 3))
        self.assertEqual(run(cut, "--resume")[0], 0)
        with open(os.path.join(whole, "log.json")) as f:
            a = json.load(f)
        with open(os.path.join(cut, "log.json")) as f:
            b = json.load(f)
        self.assertEqual([e["loss"] for e in a["epochs"]], [e["loss"] for e in b["epochs"]])
        with safe_open(os.path.join(whole, "final.safetensors"), "pt") as fa, \
                safe_open(os.path.join(cut, "final.safetensors"), "pt") as fb:
            for k in fa.keys():
                self.assertTrue(train.torch.equal(fa.get_tensor(k), fb.get_tensor(k)), k)


if __name__ == "__main__":
    unittest.main()
