"""Fitting a run's epoch schedule to a budget of minutes (train.py): progressive resizing gives every train size its
share of the epochs; the plan comes from measured img/s, and after every epoch it is re-fitted to the epoch times so
far, dropping epochs when behind and adding them when ahead. Pure functions on sizes and per-epoch costs."""


def plan_epochs(recipe, speeds, n_train, seconds, eval_s_per_epoch, final_eval_s):
    """The largest epoch count whose progressive-resizing schedule fits in `seconds`."""
    best = None
    for e in range(1, 400):
        sched = schedule(recipe["sizes"], e)
        cost = sum(n_train / speeds[s] + eval_s_per_epoch for s in sched) + final_eval_s
        if cost > seconds:
            break
        best = sched
    return best or schedule(recipe["sizes"], 1)


def schedule(sizes, epochs):
    """Train size of every epoch: each size gets its share of the epochs (rounded), in order."""
    out, acc = [], 0.0
    for size, share in sizes:
        acc += share * epochs
        out += [size] * (round(acc) - len(out))
    while len(out) < epochs:
        out.append(sizes[-1][0])
    return out[:epochs]


def epoch_cost(epochs):
    """Seconds per epoch by size from the epochs run so far: the fastest of each size (a slow epoch means
    the machine was shared, not that the model got slower); an unmeasured size is scaled from the nearest
    measured one by (size ratio)^1.2 (measured here: a step at 128 px costs 1.4x one at 96 px, not the
    1.8x of the pixel count)."""
    best = {}
    for e in epochs:
        t = e["train_s"] + e.get("eval_s", 0)
        best[e["size"]] = min(best.get(e["size"], t), t)

    def cost(size):
        if size in best:
            return best[size]
        near = min(best, key=lambda s: abs(s - size))
        return best[near] * (size / near) ** 1.2
    return cost


def replan(sched, done, cost, seconds_left, final_eval_s):
    """Drop epochs from the remaining schedule (the earliest, lowest sizes first) until the projected
    time fits what is left of the budget."""
    rest = list(sched[done:])
    while rest and sum(cost(s) for s in rest) + final_eval_s > seconds_left:
        rest.pop(0)
    return list(sched[:done]) + rest


def regrow(sizes, sched, done, cost, seconds_left, final_eval_s, slack=0.9):
    """The schedule lengthened when the epochs run faster than the speed probe promised (it under-promises: Swin-T
    left 14 minutes of its budget unused, LeViT-128S 32): the longest whole-run schedule that fits in `slack` of what
    is left, if longer than `sched`, else `sched`. The slack keeps a regrown run from being cut back an epoch later."""
    grown = refit(sizes, sched[:done], cost, seconds_left * slack, final_eval_s)
    return grown if len(grown) > len(sched) else list(sched)


def refit(sizes, done, cost, seconds_left, final_eval_s):
    """On --resume --refit: the longest whole-run schedule (the recipe's size shares over `done` + k
    epochs) whose remaining k epochs fit in what is left of the budget."""
    best = list(done)
    for k in range(1, 400):
        full = schedule(sizes, len(done) + k)
        rest = full[len(done):]
        if sum(cost(s) for s in rest) + final_eval_s > seconds_left:
            break
        best = list(done) + rest
    return best
