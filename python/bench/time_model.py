"""Timings of pmrf_rs's model layer (single calls from Python); never run by CI or pytest.

    python python/bench/time_model.py

Prints one line per operation: the median of many calls, in milliseconds. Use a release
build (``maturin develop -r``); the machine is shared, so compare runs made back to back.
"""
import statistics
import time

import numpy as np

from pmrf_rs import Frequency, cascade
from pmrf_rs.components import DelayLine, SeriesC, SeriesL, SeriesR, ShuntC, ShuntL


def median_ms(fn, runs=7, inner=None):
    """Median over `runs` of the mean time of `inner` calls (chosen to last ~20 ms)."""
    fn()
    if inner is None:
        t = time.perf_counter()
        fn()
        inner = max(1, int(0.02 / max(time.perf_counter() - t, 1e-7)))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t) / inner * 1e3)
    return statistics.median(times)


def cascade5():
    return cascade([SeriesL(l=8e-9), ShuntC(c=1.5e-12), DelayLine(delay=150e-12, z0=75.0),
                    SeriesR(r=5.0), ShuntL(l=20e-9)])


def main():
    f1001 = Frequency.linspace(0.1, 10, 1001, "GHz")
    f5 = Frequency.linspace(0.01, 10, 1001, "GHz")
    one = Frequency.linspace(1, 1, 1, "GHz")
    pi = cascade([ShuntC(c=2e-12), SeriesL(l=5e-9), ShuntC(c=2e-12)])
    c5 = cascade5()
    leaves = [SeriesL(l=8e-9), ShuntC(c=1.5e-12), DelayLine(delay=150e-12, z0=75.0),
              SeriesR(r=5.0), ShuntL(l=20e-9)]
    cap = SeriesC(c=1e-12)
    rows = {
        "overhead: model.nports": lambda: c5.nports,
        "overhead: SeriesC.s, 1 point": lambda: cap.s(one),
        "pi low-pass s, 1001 points": lambda: pi.s(f1001),
        "cascade_5 s, 1001 points": lambda: c5.s(f5),
        "cascade_5 jacobian (6 params), 1001 points": lambda: c5.jacobian(f5),
        "cascade_5 leaves' jacobians, 1001 points": lambda: [m.jacobian(f5) for m in leaves],
    }
    if hasattr(c5, "s_batch"):
        values = c5.values * np.random.default_rng(42).uniform(0.8, 1.2, (1000, 6))
        rows["cascade_5 s_batch, 1000 x 1001 points"] = lambda: c5.s_batch(f5, values)
    for name, fn in rows.items():
        print(f"{name:45s} {median_ms(fn):10.4f} ms")


if __name__ == "__main__":
    main()
