"""training/attention_stats.py reads how peaked E-MHSA's attention is (the README's finding: the trained S attends
almost one-hot). Checked on the tiny plan: entropy never exceeds uniform attention's ln(keys), untrained (std .02)
weights attend nearly uniformly, and scaling the query and key weights up drives entropy towards 0."""
import json
import os
import sys
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from attention_stats import attention_stats  # noqa: E402
from nextvit import EMHSA, NextViT  # noqa: E402


class AttentionStats(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(HERE, "fixtures", "plan-tiny.json")) as f:
            torch.manual_seed(0)
            self.model = NextViT(json.load(f)).train()  # batch statistics: unit-scale inputs to E-MHSA
        self.x = torch.randn(2, 3, 64, 64)

    def test_untrained_attention_is_near_uniform(self):
        rows, logits = attention_stats(self.model, self.x)
        self.assertGreater(len(rows), 0)
        self.assertEqual(tuple(logits.shape), (2, self.model.proj_head[0].out_features))
        for r in rows:
            self.assertLessEqual(r["entropy"], r["uniform"] + 1e-6)
            self.assertGreater(r["entropy"], 0.95 * r["uniform"], r)

    def test_large_query_key_weights_make_it_one_hot(self):
        with torch.no_grad():
            for m in self.model.modules():
                if isinstance(m, EMHSA):
                    m.q.weight.mul_(300)
                    m.k.weight.mul_(300)
        rows, _ = attention_stats(self.model, self.x)
        for r in rows:
            self.assertLess(r["entropy"], 0.3 * r["uniform"], r)
            self.assertGreater(r["logit_max"], 10)


if __name__ == "__main__":
    unittest.main()
