"""training/weights.py's storage: float16 as before, and int8 per output channel (the ablation variants' format,
read by lib/checkpoint/quantized.ts): what goes in comes back within half a quantisation step, all-zero channels
stay zero, non-weights are untouched, and a file quantised some other way is refused, not misread.
Run: training/.venv/bin/python -m unittest discover -s training/tests
"""
import os
import sys
import tempfile
import unittest

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from weights import INT8_SCHEME, SCALE_SUFFIX, load_state_dict, quantize_int8, save_state_dict  # noqa: E402


def state_dict():
    g = torch.Generator().manual_seed(0)
    conv = torch.randn(8, 4, 3, 3, generator=g)
    conv[3] = 0  # a dead channel
    return {"conv.weight": conv, "fc.weight": torch.randn(10, 16, generator=g) * 1e-3,
            "fc.bias": torch.randn(10, generator=g), "bn.running_var": torch.tensor([7e4, 1.0]),
            "bn.num_batches_tracked": torch.tensor(5), "rel.index": torch.arange(6).reshape(2, 3)}


class Int8Storage(unittest.TestCase):
    def test_round_trip(self):
        sd = state_dict()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "w.safetensors")
            save_state_dict(path, sd, {"id": "t"}, int8=True)
            back = load_state_dict(path)
        q = quantize_int8(sd)
        self.assertEqual(q["conv.weight"].dtype, torch.int8)
        self.assertEqual(q["fc.bias"].dtype, torch.float16)  # not a weight matrix: float16 as before
        self.assertEqual(q["bn.running_var"].dtype, torch.float32)  # beyond float16's range
        self.assertNotIn("bn.num_batches_tracked", back)
        self.assertEqual(set(back), {"conv.weight", "fc.weight", "fc.bias", "bn.running_var", "rel.index"})
        for k in ("conv.weight", "fc.weight"):
            step = sd[k].reshape(sd[k].shape[0], -1).abs().amax(1) / 127
            err = (back[k] - sd[k]).reshape(sd[k].shape[0], -1).abs().amax(1)
            self.assertTrue(bool((err <= step / 2 + 1e-7).all()), k)
            self.assertEqual(q[k + SCALE_SUFFIX].shape, (sd[k].shape[0],))
        self.assertTrue(bool((back["conv.weight"][3] == 0).all()))
        self.assertEqual(int(q["conv.weight"].abs().max()), 127)
        self.assertTrue(torch.equal(back["rel.index"].long(), sd["rel.index"]))

    def test_unknown_scheme_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "w.safetensors")
            save_file({"fc.weight": torch.zeros(2, 2, dtype=torch.int8)}, path, metadata={"quantization": "nf4"})
            with self.assertRaisesRegex(ValueError, "unknown quantization 'nf4'.*" + INT8_SCHEME):
                load_state_dict(path)


class PlannedRoom(unittest.TestCase):
    """room.py counts, before training, the bytes export.py will write: the same as the saved file but for its
    header, in both storages, and says whether the models folder keeps under its limit."""

    def test_planned_bytes_match_the_saved_file(self):
        import json
        import room
        from int8_check import float16_prefixes
        from models import build_model
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "plan-nextvit-mini.json")) as f:
            plan = json.load(f)
        sd = build_model(plan).state_dict()
        with tempfile.TemporaryDirectory() as d:
            for int8 in (False, True):
                path = os.path.join(d, f"m{int(int8)}.safetensors")
                save_state_dict(path, sd, {"id": "t"}, dtype=torch.float16, int8=int8,
                                keep=float16_prefixes(plan) if int8 else ())
                header = os.path.getsize(path) - room.planned_bytes(plan, int8)
                self.assertTrue(0 < header < 64 * 1024, (int8, header))
            self.assertLess(room.planned_bytes(plan, True), room.planned_bytes(plan, False))
            limit = room.LIMIT_MIB * 2 ** 20
            with open(os.path.join(d, "big.safetensors"), "wb") as f:
                f.truncate(limit - sum(os.path.getsize(os.path.join(d, n)) for n in ("m0.safetensors", "m1.safetensors"))
                           - 2048)
            # m0 replaced by a file of its own size: fits; a new file of that size beside it: does not.
            self.assertTrue(room.room(d, "m0.safetensors", os.path.getsize(os.path.join(d, "m0.safetensors")))[1])
            self.assertFalse(room.room(d, "new.safetensors", os.path.getsize(os.path.join(d, "m0.safetensors")))[1])


if __name__ == "__main__":
    unittest.main()
