"""The trainer's learning-rate schedule (`lr_at`, used by train.py) and its replay: a finished run's epoch sizes and
learning rates step for step (`train.py --follow LOG`).

Why: the ablations (issue 17) must differ from the shipped Next-ViT-S in the architecture only. A minutes budget is
not a fixed amount of training on this machine (the host's speed varies: S trained at 22-29 img/s on its day, at
45-61 on a later host), so a variant that follows S's log gets S's exact schedule instead: the same
epochs at the same sizes, the same learning rate at every step (including S's budget re-plans, which re-anchored
the decay mid-run), and the same seed. (The data order is not the same: the shuffles come from the same seeded generator, but
building a different architecture's random initial weights advances it differently.)

A log stores its final schedule, every re-plan (`replans`: after which epoch, the new schedule) and the learning rate
at the end of every epoch (`lr_end`), but not the schedule it started with. `segments` finds that first length by
replaying the re-plans and checking every epoch's `lr_end`, so the reconstruction is verified, not assumed.
"""
import json


def warmup_steps(total, recipe):
    """Steps of linear warm-up in a plan of `total` steps."""
    return max(1, int(recipe["warmup_frac"] * total))


def lr_at(step, total, recipe, anchor=None):
    """The trainer's schedule (train.py): linear warm-up, then linear decay to zero at `total`. After a re-plan,
    `anchor` = (step, lr): the decay continues from that lr straight to zero at the new total, with no jump."""
    if anchor is not None and step >= anchor[0]:
        return anchor[1] * max(0.0, (total - step) / max(1, total - anchor[0]))
    warm = warmup_steps(total, recipe)
    if step < warm:
        return recipe["lr"] * (step + 1) / warm
    return recipe["lr"] * max(0.0, (total - step) / max(1, total - warm))


def lr_follow(step, segments, recipe):
    """Learning rate at `step` under segments [(start_step, total_steps, anchor_lr | None)]: from each start on,
    either a linear decay from anchor_lr to zero at total (a re-plan), or with None the plain schedule of that total."""
    start, total, anchor = max((s for s in segments if s[0] <= step), key=lambda s: s[0])
    return lr_at(step, total, recipe, None if anchor is None else (start, anchor))


def segments(ref, steps_per_epoch, recipe, max_epochs=400):
    """The learning-rate segments of the run logged in `ref` (a train.py log.json), verified against its lr_end."""
    replans = ref.get("replans", [])
    if any(r.get("refit") for r in replans):
        raise ValueError("the run was resumed with --refit (a warm restart): follow a run trained in one schedule")
    want = [(e["epoch"] * steps_per_epoch - 1, e["lr_end"]) for e in ref["epochs"]]
    for n0 in range(1, max_epochs):  # re-plans drop and add epochs, so the first plan may be shorter or longer
        segs = [(0, n0 * steps_per_epoch, None)]
        for r in replans:
            step, total = r["after_epoch"] * steps_per_epoch, len(r["schedule"]) * steps_per_epoch
            if "anchor" in r:  # logged since the warm-up fix: None = the plain schedule at the new length
                segs.append((step, total, r["anchor"][1] if r["anchor"] else None))
            else:  # older logs: every re-plan anchored the decay at the lr it had reached
                segs.append((step, total, lr_follow(step, segs, recipe)))
        if all(abs(lr_follow(s, segs, recipe) - lr) <= 1e-9 + 1e-6 * lr for s, lr in want):
            return segs
    raise ValueError("no starting schedule reproduces the log's per-epoch learning rates "
                     "(a different recipe, batch or train-set size?)")


def check_twin(ref, recipe_name, recipe, seed, n_train):
    """Why the run cannot follow `ref`, or None: it needs the same recipe, seed and train-set size."""
    theirs_recipe = ref.get("recipe") or {}
    differ = sorted(k for k in set(theirs_recipe) | set(recipe)
                    if json.loads(json.dumps(recipe.get(k))) != theirs_recipe.get(k))
    if differ:
        return f"the followed run's recipe settings differ in {', '.join(differ)}"
    for what, theirs, ours in (("recipe", ref.get("recipe_name"), recipe_name), ("seed", ref.get("seed"), seed),
                               ("train images", ref.get("n_train"), n_train)):
        if theirs != ours:
            return f"the followed run's {what} is {theirs}, this run's {ours}"
    if not ref.get("epochs") or ref.get("final") is None:
        return "the followed run did not finish (no final evaluation in its log)"
    return None
