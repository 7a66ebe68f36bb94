"""ParamRF's time to fit the series RLC benchmark; never run by CI.

The workload of `cargo bench -p pmrf-benches -- fit/`: a series RLC (R = 10 ohm, L = 20 nH,
C = 1 pF) as a 2-port, 301 points from 1 MHz to 3 GHz, all of S, complex MSE; the fit starts
at R = 15 ohm, L = 15 nH, C = 1.5 pF within R 1-100 ohm, L 1-100 nH, C 0.1-10 pF.

    /tmp/venv/bin/python scripts/bench_fit_reference.py

Prints one JSON line (seconds: the first fit, which includes JIT compilation, and the median
of later ones) and the fitted values on stderr.
"""
import json
import statistics
import sys
import time

import pmrf as prf  # import before jax/numpy: it enables float64 and pins BLAS threads
import jax.numpy as jnp
from pmrf.optimize import ScipyMinimize


class SeriesRLC(prf.Model):
    R: prf.Param = prf.param()
    L: prf.Param = prf.param(scale=1e-9)
    C: prf.Param = prf.param(scale=1e-12)

    def a(self, freq):
        w = freq.w
        z = self.R + 1j * w * self.L + 1 / (1j * w * self.C)
        one, zero = jnp.ones_like(z), jnp.zeros_like(z)
        return jnp.array([[one, z], [zero, one]]).transpose(2, 0, 1)


def main():
    freq = prf.Frequency(1e-3, 3.0, 301, "GHz")
    data = SeriesRLC(R=10.0, L=20.0, C=1.0).to_skrf(freq, name="rlc")

    def fit():
        init = SeriesRLC(
            R=prf.Bounded(1.0, 100.0, value=15.0),
            L=prf.Bounded(1.0, 100.0, value=15.0),
            C=prf.Bounded(0.1, 10.0, value=1.5),
        )
        t = time.perf_counter()
        result = prf.fitting.fit(init, data, solver=ScipyMinimize(show_progress=False), features="s")
        return time.perf_counter() - t, result

    first, result = fit()
    later = [fit()[0] for _ in range(5)]
    values = {k: float(v) for k, v in prf.values(result.model).items()}
    print(f"paramrf RLC fit: first {first:.3f} s, then median {statistics.median(later):.3f} s; {values}", file=sys.stderr)
    print(json.dumps({"paramrf_first_s": first, "paramrf_warm_s": statistics.median(later), "values": values}))


if __name__ == "__main__":
    main()
