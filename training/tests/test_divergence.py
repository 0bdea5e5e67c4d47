"""training/divergence.py: a run whose loss went back to chance is stopped (exit 3, ship.sh keeps its log in
training/logs/failed/). Checked on the real logs: the r = 0.5 run that diverged would have stopped after epoch 5 of
19; none of the shipped runs would have stopped at any epoch."""
import json
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from divergence import diverged  # noqa: E402

LOGS = os.path.join(HERE, "..", "logs")


def losses(path):
    with open(os.path.join(LOGS, path)) as f:
        return [e["loss"] for e in json.load(f)["epochs"]]


def first_stop(ls, classes=10):
    return next((n for n in range(1, len(ls) + 1) if diverged(ls[:n], classes)), None)


class Divergence(unittest.TestCase):
    def test_r50_run_stops_after_epoch_5(self):
        ls = losses("failed/nextvit-s-r50-imagenette.json")
        self.assertEqual(first_stop(ls), 5)
        why = diverged(ls[:5], 10)
        self.assertIn("1.923", why)  # the best loss before it went
        self.assertIn("ln 10 = 2.303", why)
        self.assertIn("epochs 4-5", why)

    def test_shipped_runs_never_stop(self):
        for name in sorted(os.listdir(LOGS)):
            if name.endswith(".json") and not name.startswith("speed"):
                with self.subTest(name):
                    self.assertIsNone(first_stop(losses(name)))

    def test_needs_learning_first_and_two_epochs_at_chance(self):
        c = math.log(10)
        self.assertIsNone(diverged([c, c, c, c], 10))  # never learned: a different failure, not a divergence
        self.assertIsNone(diverged([1.9, c], 10))  # one bad epoch may recover
        self.assertIsNone(diverged([1.9, 2.0, c], 10))
        self.assertIsNotNone(diverged([1.9, c, c], 10))
        self.assertIsNone(diverged([1.9, 0.95 * c, c], 10))  # 95% of chance is still learning something
        self.assertIsNotNone(diverged([3.0, 4.7, 4.62], 100))  # chance is ln C for C classes


if __name__ == "__main__":
    unittest.main()
