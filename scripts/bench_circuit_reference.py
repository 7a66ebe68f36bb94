"""Python reference timings of the 3rd-order pi low-pass as a circuit netlist; never run by CI.

Workload: C1 = 2 pF to ground, L = 5 nH in series, C2 = 2 pF to ground, between two 50 ohm
ports, at 1001 linear points from 0.1 to 10 GHz (the `circuit/pi_lowpass/*` criterion benches).

    /tmp/venv/bin/python scripts/bench_circuit_reference.py

Prints one JSON line on stdout (milliseconds, medians), human-readable lines on stderr.
"""
import json
import statistics
import sys
import time

import pmrf as prf  # import before jax/numpy: it enables float64 and pins BLAS threads
import equinox as eqx
import numpy as np
import skrf as rf
from pmrf.models import Capacitor, Circuit, Ground, Inductor, Port

RUNS = 15


def median_ms(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main():
    # ParamRF: a Circuit netlist (default solver: global MNA), jitted.
    freq = prf.Frequency(0.1, 10, 1001, "GHz")
    p1, p2, gnd = Port(), Port(), Ground()
    c1, l, c2 = Capacitor(2e-12), Inductor(5e-9), Capacitor(2e-12)
    circuit = Circuit([
        [(p1, 0), (c1, 0), (l, 0)],
        [(l, 1), (c2, 0), (p2, 0)],
        [(c1, 1), (c2, 1), (gnd, 0)],
    ])
    evaluate = eqx.filter_jit(lambda m: m.s(freq))
    s_prf = np.asarray(evaluate(circuit).block_until_ready())  # warm-up: compile
    prf_ms = median_ms(lambda: evaluate(circuit).block_until_ready())
    print(f"paramrf Circuit: {prf_ms:.3f} ms (median of {RUNS}, after jit)", file=sys.stderr)

    # scikit-rf: Circuit built and solved each time (as a user re-evaluates a changed netlist).
    media = rf.media.DefinedGammaZ0(rf.Frequency(0.1, 10, 1001, "GHz"), z0=50)

    def skrf_circuit():
        q1 = rf.circuit.Circuit.Port(media.frequency, "p1", z0=50)
        q2 = rf.circuit.Circuit.Port(media.frequency, "p2", z0=50)
        g = rf.circuit.Circuit.Ground(media.frequency, "gnd", z0=50)
        a, b, c = media.capacitor(2e-12, name="c1"), media.inductor(5e-9, name="l"), media.capacitor(2e-12, name="c2")
        return rf.circuit.Circuit([
            [(q1, 0), (a, 0), (b, 0)],
            [(b, 1), (c, 0), (q2, 0)],
            [(a, 1), (c, 1), (g, 0)],
        ]).network.s

    s_skrf = skrf_circuit()
    skrf_ms = median_ms(skrf_circuit, runs=5)
    print(f"scikit-rf Circuit: {skrf_ms:.3f} ms; |paramrf - skrf| = {np.abs(s_prf - s_skrf).max():.1e}", file=sys.stderr)
    print(json.dumps({"paramrf_ms": prf_ms, "skrf_ms": skrf_ms}))


if __name__ == "__main__":
    main()
