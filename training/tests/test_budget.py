"""The budget planner (training/budget.py): the schedule is re-fitted after every epoch to the epoch times measured so far. It
drops epochs when behind (replan) and, since the speed probe under-promises (Swin-T left 14 of its minutes unused,
LeViT-128S 32), adds them when ahead (regrow), keeping a slack so a grown run is not cut back an epoch later.
Pure functions on made-up epoch costs: no model, no data."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import follow  # noqa: E402
import budget  # noqa: E402
import train  # noqa: E402

SIZES = ((112, 0.3), (128, 0.7))  # cpu-probe's shares


def cost(size):
    return {112: 100.0, 128: 130.0}[size]


class Budget(unittest.TestCase):
    def test_schedule_shares(self):
        self.assertEqual(budget.schedule(SIZES, 10), [112] * 3 + [128] * 7)
        self.assertEqual(budget.schedule(SIZES, 19), [112] * 6 + [128] * 13)

    def test_replan_drops_the_earliest_remaining(self):
        sched = budget.schedule(SIZES, 10)
        new = budget.replan(sched, 2, cost, 5 * 130 + 100 + 10, 10)  # room for 112 + five 128s, or five 128s
        self.assertEqual(new, [112, 112] + [128] * 5)  # the remaining 112 goes first, then two 128s

    def test_regrow_adds_epochs_when_ahead(self):
        sched = budget.schedule(SIZES, 10)
        # 8 epochs left would cost 100 + 7 * 130 = 1010 s; 2000 s are left.
        grown = budget.regrow(SIZES, sched, 2, cost, 2000, 0)
        self.assertGreater(len(grown), len(sched))
        self.assertEqual(grown[:2], sched[:2])
        rest = grown[2:]
        self.assertLessEqual(sum(cost(s) for s in rest), 0.9 * 2000)  # the slack
        self.assertEqual(rest, sorted(rest))  # still small sizes first
        # One more epoch would not fit in the slack.
        longer = budget.schedule(SIZES, len(grown) + 1)[2:]
        self.assertGreater(sum(cost(s) for s in longer), 0.9 * 2000)

    def test_regrow_keeps_a_schedule_that_just_fits(self):
        sched = budget.schedule(SIZES, 10)
        left = sum(cost(s) for s in sched[2:]) + 50  # on time, under one epoch spare
        self.assertEqual(budget.regrow(SIZES, sched, 2, cost, left, 0), sched)

    def test_follow_reads_logged_anchors(self):
        """A re-plan logged with its anchor (None inside the warm-up) is replayed as logged."""
        recipe = {"lr": 1e-3, "warmup_frac": 0.1}
        spe = 10
        # Planned 20 epochs (warm-up 20 steps); re-planned after epoch 1 (step 10, still warming) to 30 epochs,
        # then after epoch 5 to 25 epochs with the decay anchored.
        lr5 = train.lr_at(50, 300, recipe)
        replans = [{"after_epoch": 1, "schedule": [64] * 30, "anchor": None},
                   {"after_epoch": 5, "schedule": [64] * 25, "anchor": [50, lr5]}]

        def truth(step):
            if step < 10:
                return train.lr_at(step, 200, recipe)
            return train.lr_at(step, 300, recipe) if step < 50 else train.lr_at(step, 250, recipe, (50, lr5))
        log = {"replans": replans, "schedule": [64] * 25,
               "epochs": [{"epoch": e, "lr_end": truth(e * spe - 1)} for e in range(1, 26)]}
        segs = follow.segments(log, spe, recipe)
        self.assertEqual([s[:2] for s in segs], [(0, 200), (10, 300), (50, 250)])
        for step in range(250):
            self.assertAlmostEqual(follow.lr_follow(step, segs, recipe), truth(step), delta=1e-15)
        # The warm-up reached the recipe's peak (the old anchoring would have frozen it at step 10's 5.5e-4).
        self.assertAlmostEqual(max(truth(s) for s in range(250)), recipe["lr"], delta=1e-12)


if __name__ == "__main__":
    unittest.main()
