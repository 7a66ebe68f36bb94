"""Python reference timings of circuit netlists; never run by CI.

Workloads, each at 1001 linear points from 0.1 to 10 GHz between two 50 ohm ports:

- pi_lowpass: C1 = 2 pF to ground, L = 5 nH in series, C2 = 2 pF to ground (the
  `circuits/pi_lowpass/*` criterion benches);
- mesh40: 40 parts on 25 nets (benches/circuits.rs `circuits/mesh40/*`): L = 2 nH from n{i} to
  n{i+1} (i < 23), C = 0.8 pF from n{2i} to ground (i < 12), R = 100 ohm from n{4i+1} to
  n{4i+6} (i < 5); port 1 on n0, port 2 on n23.

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
from pmrf.models import Capacitor, Circuit, Ground, Inductor, Port, Resistor

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
    mesh_prf_ms, mesh_skrf_ms = mesh40()
    print(json.dumps({"paramrf_ms": prf_ms, "skrf_ms": skrf_ms,
                      "mesh40_paramrf_ms": mesh_prf_ms, "mesh40_skrf_ms": mesh_skrf_ms}))


GND = 24


def mesh_edges():
    """(kind, index, node a, node b) of the 40 parts; node 24 is the ground."""
    return ([("l", i, i, i + 1) for i in range(23)]
            + [("c", i, 2 * i, GND) for i in range(12)]
            + [("r", i, 4 * i + 1, 4 * i + 6) for i in range(5)])


def mesh_connections(make, port1, port2, ground):
    """The connection list of the mesh: `make(kind, index)` builds a part."""
    nodes = {n: [] for n in range(GND + 1)}
    for kind, i, a, b in mesh_edges():
        part = make(kind, i)
        nodes[a].append((part, 0))
        nodes[b].append((part, 1))
    nodes[0].append((port1, 0))
    nodes[23].append((port2, 0))
    nodes[GND].append((ground, 0))
    return [nodes[n] for n in range(GND + 1)]


def mesh40():
    values = {"l": 2e-9, "c": 0.8e-12, "r": 100.0}
    kinds = {"l": Inductor, "c": Capacitor, "r": Resistor}
    freq = prf.Frequency(0.1, 10, 1001, "GHz")
    circuit = Circuit(mesh_connections(lambda k, i: kinds[k](values[k]), Port(), Port(), Ground()))
    evaluate = eqx.filter_jit(lambda m: m.s(freq))
    s_prf = np.asarray(evaluate(circuit).block_until_ready())
    prf_ms = median_ms(lambda: evaluate(circuit).block_until_ready())
    print(f"mesh40 paramrf Circuit: {prf_ms:.3f} ms (median of {RUNS}, after jit)", file=sys.stderr)

    media = rf.media.DefinedGammaZ0(rf.Frequency(0.1, 10, 1001, "GHz"), z0=50)
    make = {"l": media.inductor, "c": media.capacitor, "r": media.resistor}

    def skrf_circuit():
        q1 = rf.circuit.Circuit.Port(media.frequency, "p1", z0=50)
        q2 = rf.circuit.Circuit.Port(media.frequency, "p2", z0=50)
        g = rf.circuit.Circuit.Ground(media.frequency, "gnd", z0=50)
        cons = mesh_connections(lambda k, i: make[k](values[k], name=f"{k}{i}"), q1, q2, g)
        return rf.circuit.Circuit(cons).network.s

    s_skrf = skrf_circuit()
    skrf_ms = median_ms(skrf_circuit, runs=5)
    print(f"mesh40 scikit-rf Circuit: {skrf_ms:.3f} ms; |paramrf - skrf| = {np.abs(s_prf - s_skrf).max():.1e}",
          file=sys.stderr)
    return prf_ms, skrf_ms


if __name__ == "__main__":
    main()
