"""train.py --follow (training/follow.py): an ablation replays the shipped Next-ViT-S's schedule step for step.

S's first from-scratch log (cpu-probe, training/logs/nextvit-s-imagenette-cpu-probe.json, which r = 0 followed) was
re-planned twice by its budget (after epochs 1 and 6), so its learning rate is three segments; the reconstruction must reproduce every logged epoch-end rate, and
refuse a log it cannot reproduce. End to end, a tiny run that follows another ends with the same schedule and rates.
"""
import contextlib
import copy
import io
import json
import os
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import follow  # noqa: E402
from recipes import NEXTVIT_RECIPE  # noqa: E402
import tiny_dataset  # noqa: E402
import train  # noqa: E402

S_LOG = os.path.join(HERE, "..", "logs", "nextvit-s-imagenette-cpu-probe.json")
# The shipped S since 2026-12-02 (cpu-probe-warm): a fixed 19-epoch schedule (EPOCHS=19), never re-planned.
S_SHIPPED_LOG = os.path.join(HERE, "..", "logs", "nextvit-s-imagenette.json")


class Segments(unittest.TestCase):
    def setUp(self):
        with open(S_LOG) as f:
            self.ref = json.load(f)
        self.spe = self.ref["n_train"] // self.ref["recipe"]["batch"]

    def test_shipped_s_schedule(self):
        segs = follow.segments(self.ref, self.spe, self.ref["recipe"])
        # Planned for 22 epochs, re-planned to 20 after epoch 1 (still in the warm-up) and to 19 after epoch 6.
        self.assertEqual([(s, t // self.spe) for s, t, _ in segs], [(0, 22), (self.spe, 20), (6 * self.spe, 19)])
        self.assertAlmostEqual(segs[-1][2], self.ref["lr_anchor"][1], delta=1e-12)
        self.assert_replays(self.ref, segs, self.spe)
        self.assertEqual(follow.lr_follow(19 * self.spe, segs, self.ref["recipe"]), 0.0)

    def test_shipped_s_is_one_segment(self):
        with open(S_SHIPPED_LOG) as f:
            ref = json.load(f)
        spe = ref["n_train"] // ref["recipe"]["batch"]
        segs = follow.segments(ref, spe, ref["recipe"])
        self.assertEqual(ref["recipe_name"], NEXTVIT_RECIPE)  # what the scripts default to is what S shipped with
        self.assertEqual([(s, t // spe) for s, t, _ in segs], [(0, 19)])
        self.assert_replays(ref, segs, spe)

    def assert_replays(self, ref, segs, spe):
        """The segments give every logged epoch-end learning rate."""
        for e in ref["epochs"]:
            self.assertAlmostEqual(follow.lr_follow(e["epoch"] * spe - 1, segs, ref["recipe"]), e["lr_end"], delta=1e-12)

    def test_refuses_a_log_it_cannot_reproduce(self):
        bad = copy.deepcopy(self.ref)
        bad["epochs"][9]["lr_end"] *= 1.01
        with self.assertRaisesRegex(ValueError, "reproduces the log's per-epoch learning rates"):
            follow.segments(bad, self.spe, bad["recipe"])
        warm = copy.deepcopy(self.ref)
        warm["replans"].append({"after_epoch": 19, "schedule": warm["schedule"] + [128], "refit": True})
        with self.assertRaisesRegex(ValueError, "--refit"):
            follow.segments(warm, self.spe, warm["recipe"])

    def test_twin_checks(self):
        r, n = self.ref["recipe"], self.ref["n_train"]
        self.assertIsNone(follow.check_twin(self.ref, "cpu-probe", r, 0, n))
        self.assertIn("seed is 0, this run's 1", follow.check_twin(self.ref, "cpu-probe", r, 1, n))
        self.assertIn("differ in lr", follow.check_twin(self.ref, "cpu-probe", dict(r, lr=1e-3), 0, n))
        self.assertIn("train images", follow.check_twin(self.ref, "cpu-probe", r, 0, n - 1))


class FollowEndToEnd(unittest.TestCase):
    def test_a_run_follows_another(self):
        with tempfile.TemporaryDirectory(prefix="follow-") as d:
            rng = np.random.default_rng(0)
            tiny_dataset.write(os.path.join(d, "train.zip"), "train", 160, 3, rng)
            tiny_dataset.write(os.path.join(d, "val.zip"), "val", 224, 1, rng)
            with open(os.path.join(HERE, "fixtures", "plan-resnet50-mini.json")) as f:
                plan = json.load(f)
            with open(os.path.join(d, "plan.json"), "w") as f:
                json.dump(plan, f)
            train.RECIPES["smoke-32px"] = dict(train.RECIPES["smoke"], sizes=((32, 1.0),), eval_sizes=(32,))
            common = ["--plan", os.path.join(d, "plan.json"), "--recipe", "smoke-32px", "--max-steps", "2",
                      "--train-zip", os.path.join(d, "train.zip"), "--val-zip", os.path.join(d, "val.zip"),
                      "--cache", os.path.join(d, "cache"), "--no-progress"]
            with contextlib.redirect_stdout(io.StringIO()):
                train.main(common + ["--out", os.path.join(d, "a"), "--epochs", "3"])
                # An hour would re-plan an ordinary 3-epoch run to many more epochs; a following run keeps the
                # followed schedule.
                train.main(common + ["--out", os.path.join(d, "b"), "--follow", os.path.join(d, "a", "log.json"),
                                     "--budget-min", "60"])
            logs = []
            for run in "ab":
                with open(os.path.join(d, run, "log.json")) as f:
                    logs.append(json.load(f))
            a, b = logs
            self.assertEqual(b["schedule"], a["schedule"])
            self.assertEqual([e["lr_end"] for e in b["epochs"]], [e["lr_end"] for e in a["epochs"]])
            self.assertEqual(b["follow"]["log"], os.path.join(d, "a", "log.json"))
            with self.assertRaises(SystemExit) as cm, contextlib.redirect_stdout(io.StringIO()):
                train.main(common + ["--out", os.path.join(d, "c"), "--follow", os.path.join(d, "a", "log.json"),
                                     "--seed", "3"])
            self.assertIn("seed is 0, this run's 3", str(cm.exception))
            # A followed schedule cannot shrink: a budget it cannot fit is refused before training starts.
            with self.assertRaises(SystemExit) as cm, contextlib.redirect_stdout(io.StringIO()):
                train.main(common + ["--out", os.path.join(d, "e"), "--follow", os.path.join(d, "a", "log.json"),
                                     "--budget-min", "0.0001"])
            self.assertIn("over the 0.0001-minute budget", str(cm.exception))
            self.assertFalse(os.path.exists(os.path.join(d, "e", "last.pt")))


if __name__ == "__main__":
    unittest.main()
