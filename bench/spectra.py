"""numpy reference timing for bench/spectra.ts: the same work on the same tap shapes.

Usage: python3 bench/spectra.py '[[channels, size], ...]' [reps | serve]
With "serve", it runs one timed repetition per line read from stdin and prints its ms, so the
caller can interleave these with its own repetitions (fair under a fluctuating machine load).
Per tap, as in Park & Kim's notebook: fft2 of every channel, ln(|F| + 1e-6), mean over channels,
fftshift, half-diagonal minus DC. Prints one JSON line {"ms_median": ..., "ms_min": ..., "reps": ...}.
"""
import json
import sys
import time

import numpy as np


def spectra(x):
    h = x.shape[-1]
    amp = np.log(np.abs(np.fft.fft2(x)) + 1e-6)
    mean = np.fft.fftshift(amp.mean(axis=(0, 1)))
    diag = mean.diagonal()[h // 2:]
    return mean, diag - diag[0]


def main():
    shapes = json.loads(sys.argv[1])
    rng = np.random.default_rng(0)
    taps = [rng.random((1, c, h, h), dtype=np.float32) for c, h in shapes]
    if len(sys.argv) > 2 and sys.argv[2] == "serve":
        for _ in sys.stdin:
            t0 = time.perf_counter()
            for x in taps:
                spectra(x)
            print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}), flush=True)
        return
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    times = []
    for _ in range(reps + 1):
        t0 = time.perf_counter()
        for x in taps:
            spectra(x)
        times.append((time.perf_counter() - t0) * 1000)
    times = sorted(times[1:])  # first run warms caches and pocketfft plans
    print(json.dumps({"ms_median": times[len(times) // 2], "ms_min": times[0], "reps": reps}))


if __name__ == "__main__":
    main()
