"""Side-by-side Python reference timings (ParamRF vs scikit-rf); never run by CI.

Workload: S-parameters of N series capacitors (C uniform in 1-5 pF, numpy
default_rng(42)) at 100 linear points from 100 MHz to 1 GHz, 50 ohm.

    .venv/bin/python scripts/bench_reference.py [--n 100000]

Prints one JSON line on stdout, human-readable lines on stderr.
"""
import argparse
import json
import statistics
import sys
import time

import pmrf as prf  # import before jax/numpy: it enables float64 and pins BLAS threads
import equinox as eqx
import jax.numpy as jnp
import numpy as np
import skrf as rf
from pmrf.models import Capacitor

SKRF_SAMPLE = 2000  # scikit-rf is a per-network Python loop: time a sample, extrapolate
RUNS = 5


def log(*a):
    print(*a, file=sys.stderr)


def median_ms(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of capacitors")
    n = ap.parse_args().n

    c_values = np.random.default_rng(42).uniform(1e-12, 5e-12, n)
    workload = f"S-params of {n} series capacitors (C~U[1,5] pF, seed 42) at 100 pts 100 MHz-1 GHz"

    # (a) ParamRF: one batched model (leaves of shape (n,)), vmapped and jitted evaluation.
    freq = prf.Frequency(100, 1000, 100, "MHz")
    caps = eqx.filter_vmap(Capacitor)(jnp.asarray(c_values))
    evaluate = eqx.filter_jit(eqx.filter_vmap(lambda m: m.s(freq)))
    s_prf = evaluate(caps).block_until_ready()  # warm-up: compile
    prf_ms = median_ms(lambda: evaluate(caps).block_until_ready())
    log(f"paramrf  : {prf_ms:9.2f} ms for {n} (median of {RUNS}, after jit warm-up), shape {s_prf.shape}")

    # (b) scikit-rf has no batch-over-instances API: media.capacitor builds one Network
    # per value, so loop over a sample (media built once, outside the timing).
    media = rf.media.DefinedGammaZ0(rf.Frequency(100, 1000, 100, "MHz"), z0=50)
    k = min(n, SKRF_SAMPLE)
    sample_ms = median_ms(lambda: [media.capacitor(c).s for c in c_values[:k]], runs=3)
    skrf_ms = sample_ms / k * n
    log(f"skrf     : {sample_ms / k * 1e3:9.2f} us per capacitor (media.capacitor loop over {k}, "
        f"median of 3) -> {skrf_ms:.0f} ms extrapolated to {n}")

    # Sanity: both agree on the sample.
    s_skrf = np.stack([media.capacitor(c).s for c in c_values[:min(k, 50)]])
    diff = np.max(np.abs(np.asarray(s_prf[:len(s_skrf)]) - s_skrf))
    assert diff < 1e-12, diff
    log(f"max |S_paramrf - S_skrf| on {len(s_skrf)} capacitors = {diff:.1e}")
    log(f"skrf / paramrf = {skrf_ms / prf_ms:.0f}x")

    print(json.dumps({
        "workload": workload, "n": n,
        "paramrf_ms": round(prf_ms, 3),
        "skrf_ms_per_1e5": round(sample_ms / k * 1e5, 1),
        "skrf_method": f"loop of media.capacitor(C).s over {k} capacitors, extrapolated linearly",
    }))


if __name__ == "__main__":
    main()
