"""ParamRF 0.37.6 timings of the four workloads of issue 11 (speed); never run by CI.

The same workloads as the criterion benches `speed/*` (benches/speed_cascade.rs and the
gradient and batch benches), each jitted, warmed up (compiled) and timed as the median of 7:

* pi_lowpass: shunt C 2 pF, series L 5 nH, shunt C 2 pF as a `Cascade`, one `s()` at 1001
  points from 0.1 to 10 GHz (default S reduction and `method='a'`; the faster one counts).
* cascade5_batch: 1000 variants of cascade_5 (series L 8 nH, shunt C 1.5 pF, 75 ohm / 150 ps
  `DelayLine`, series R 5 ohm, shunt L 20 nH), every value uniform within +-20 %
  (numpy default_rng(42)), at 1001 points from 10 MHz to 10 GHz: vmapped `s()`, with
  `method='a'` (ParamRF's default S reduction did not finish 100 members within 5 minutes on
  the 2-core machine; 10 members took 6x as long as with 'a').
* gradient_cascade5: `jax.value_and_grad` of sum over f of |S21|^2 of the nominal cascade_5 at
  the same 1001 points with respect to its 6 parameters (the line's are z0 and td); both
  reductions, the faster one counts.
* batch_series_c: 1e4 series capacitors (C uniform in 1-5 pF, default_rng(42)) at 100 points
  from 100 MHz to 1 GHz: vmapped `s()`.

    .venv/bin/python scripts/bench_speed_reference.py [--only pi_lowpass,...]

Prints one JSON line on stdout (milliseconds, medians), human-readable lines on stderr.
"""
import argparse
import json
import statistics
import sys
import time

import pmrf as prf  # import before jax/numpy: it enables float64 and pins BLAS threads
import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
from pmrf.models import (Capacitor, Cascade, DelayLine, Inductor, Resistor, ShuntCapacitor,
                         ShuntInductor)

RUNS = 7
NOMINAL5 = [8e-9, 1.5e-12, 75.0, 150e-12, 5.0, 20e-9]


def log(*a):
    print(*a, file=sys.stderr)


def median_ms(fn, runs=RUNS):
    fn()  # warm-up: compile
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def cascade5(p, method="s"):
    """cascade_5 from its 6 values; jax arrays make them free parameters (per SI unit)."""
    return Cascade((Inductor(p[0]), ShuntCapacitor(p[1]), DelayLine(z0=p[2], td=p[3]),
                    Resistor(p[4]), ShuntInductor(p[5])), method=method)


def pi_lowpass():
    freq = prf.Frequency(0.1, 10, 1001, "GHz")
    best = {}
    for method in ("s", "a"):
        chain = Cascade((ShuntCapacitor(jnp.asarray(2e-12)), Inductor(jnp.asarray(5e-9)),
                         ShuntCapacitor(jnp.asarray(2e-12))), method=method)
        evaluate = eqx.filter_jit(lambda m: m.s(freq))
        best[method] = median_ms(lambda: evaluate(chain).block_until_ready())
        log(f"pi_lowpass (method={method!r}): {best[method]:.4f} ms")
    return min(best.values()), best


def cascade5_batch():
    freq = prf.Frequency(0.01, 10, 1001, "GHz")
    values = np.asarray(NOMINAL5) * np.random.default_rng(42).uniform(0.8, 1.2, (1000, 6))
    members = eqx.filter_vmap(lambda p: cascade5(p, "a"))(jnp.asarray(values))
    evaluate = eqx.filter_jit(eqx.filter_vmap(lambda m: m.s(freq)))
    ms = median_ms(lambda: evaluate(members).block_until_ready())
    log(f"cascade5_batch: {ms:.2f} ms")
    return ms


def gradient_cascade5():
    freq = prf.Frequency(0.01, 10, 1001, "GHz")
    x = jnp.asarray(NOMINAL5)
    best = {}
    for method in ("s", "a"):
        loss = lambda x: jnp.sum(jnp.abs(cascade5(x, method).s(freq)[:, 1, 0]) ** 2)
        value_and_grad = jax.jit(jax.value_and_grad(loss))
        value, grad = value_and_grad(x)
        log(f"gradient_cascade5 (method={method!r}): value {float(value):.6f}, gradient {np.asarray(grad)}")
        best[method] = median_ms(lambda: jax.block_until_ready(value_and_grad(x)))
        log(f"gradient_cascade5 (method={method!r}): {best[method]:.4f} ms")
    return min(best.values()), best


def batch_series_c():
    freq = prf.Frequency(100, 1000, 100, "MHz")
    c = np.random.default_rng(42).uniform(1e-12, 5e-12, 10_000)
    caps = eqx.filter_vmap(Capacitor)(jnp.asarray(c))
    evaluate = eqx.filter_jit(eqx.filter_vmap(lambda m: m.s(freq)))
    ms = median_ms(lambda: evaluate(caps).block_until_ready())
    log(f"batch_series_c: {ms:.3f} ms")
    return ms


def main():
    workloads = {"pi_lowpass": pi_lowpass, "cascade5_batch": cascade5_batch,
                 "gradient_cascade5": gradient_cascade5, "batch_series_c": batch_series_c}
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(workloads), help="comma-separated workloads")
    only = ap.parse_args().only.split(",")
    out, by_method = {}, {}
    for name in only:
        result = workloads[name]()
        if isinstance(result, tuple):
            out[name], by_method[name] = result
        else:
            out[name] = result
    print(json.dumps({"paramrf_version": "0.37.6", "runs": RUNS, "ms": out,
                      "ms_by_cascade_method": by_method}))


if __name__ == "__main__":
    main()
