"""Stopping a training run without losing any of it.

A session that ends, a Ctrl-C or `pkill -f training/train.py` sends SIGTERM / SIGINT. Killed outright, a run lost
everything since its last epoch-end checkpoint: up to a whole epoch, which on a slow two-core host is 15-20 minutes.
With StopRequest installed, the first signal only asks the run to stop after the current step; train.py then saves a
mid-epoch checkpoint (the batch order, the step, the random state) and exits with EXIT_STOPPED, and `--resume`
continues from that very step as if nothing had happened (training/tests/test_train_smoke.py checks the weights are
the uninterrupted run's). A second signal stops at once, as without the handler.

The exit codes live here so that the shell wrappers (ship.sh, train-variants.sh) and train.py agree on them.
"""
import os
import signal

EXIT_DIVERGED = 3  # ship.sh keeps such a run's log in training/logs/failed/ and ships nothing
EXIT_STOPPED = 4  # stopped by a signal after saving a mid-epoch checkpoint: the same command with --resume goes on


class StopRequest:
    """Context manager: while active, SIGTERM and SIGINT set `reason` instead of ending the process."""

    def __init__(self, after_steps=None):
        self.reason = None
        self.after_steps = after_steps  # tests: behave as if signalled once this process has run this many steps
        self.steps = 0
        self._old = {}

    def __enter__(self):
        for s in (signal.SIGTERM, signal.SIGINT):
            self._old[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc):
        for s, h in self._old.items():
            signal.signal(s, h)
        return False

    def _handle(self, signum, frame):
        if self.reason is not None:  # asked twice: the default action, now
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self.reason = signal.Signals(signum).name
        print(f"\ntrain: {self.reason} received: stopping after this step with a checkpoint "
              "(send it again to stop at once, losing the epoch in progress)", flush=True)

    def step_done(self):
        """Call after each optimiser step; True when the run should save and stop now."""
        self.steps += 1
        if self.reason is None and self.after_steps is not None and self.steps >= self.after_steps:
            self.reason = f"--stop-after-steps {self.after_steps}"
        return self.reason is not None
