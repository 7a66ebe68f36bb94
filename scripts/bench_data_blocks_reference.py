"""Python reference timings of a 54-port data block with 10 parametric parts; never run by CI.

The circuit of benches/data_blocks.rs, at 1001 linear points from 0.1 to 10 GHz: the passive,
reciprocal 54-port `pkg` (ports p1..p54), L = 1 nH from `in` to p1 and L = 1.2 nH from p2 to
`out`, C = 0.5, 0.6, 1, 1.5, 2 pF from p1, p2, p3, p5, p7 to ground, R = 25, 50, 100 ohm from
p4, p6, p8 to ground, and on p9..p54 a load of reflection 0.3 exp(j k / 7) (k the port number);
external ports 1 (`in`) and 2 (`out`) at 50 ohm.

First write the 54-port with the Rust bench, then run this script:

    PMRF_WRITE_S54P=/tmp/pkg.s54p cargo bench -p pmrf-benches --bench data_blocks
    .venv/bin/python scripts/bench_data_blocks_reference.py /tmp/pkg.s54p

"First" is one evaluation from the data (ParamRF: including the jit compilation); "reevaluate"
the median after one capacitance changes. Prints one JSON line on stdout (milliseconds).
"""
import json
import statistics
import sys
import time

import numpy as np
import skrf as rf

RUNS = 5
L = [1e-9, 1.2e-9]
C = [0.5e-12, 0.6e-12, 1e-12, 1.5e-12, 2e-12]
C_PORTS = [1, 2, 3, 5, 7]
R = [25.0, 50.0, 100.0]
R_PORTS = [4, 6, 8]


def ms(fn):
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1e3, out


def skrf_circuit(pkg, c0):
    freq = pkg.frequency
    media = rf.media.DefinedGammaZ0(freq, z0=50)
    p1 = rf.circuit.Circuit.Port(freq, "p_in", z0=50)
    p2 = rf.circuit.Circuit.Port(freq, "p_out", z0=50)
    gnd = rf.circuit.Circuit.Ground(freq, "gnd", z0=50)
    l0, l1 = media.inductor(L[0], name="l0"), media.inductor(L[1], name="l1")
    caps = [media.capacitor(c0 if i == 0 else c, name=f"c{i}") for i, c in enumerate(C)]
    res = [media.resistor(r, name=f"r{i}") for i, r in enumerate(R)]
    nodes = {k: [(pkg, k - 1)] for k in range(1, 55)}
    nodes[1].append((l0, 1))
    nodes[2].append((l1, 0))
    ground = [(gnd, 0)]
    for part, port in zip(caps + res, C_PORTS + R_PORTS):
        nodes[port].append((part, 0))
        ground.append((part, 1))
    for k in range(9, 55):
        load = media.load(0.3 * np.exp(1j * k / 7.0), name=f"load{k}")
        nodes[k].append((load, 0))
    cons = [[(p1, 0), (l0, 0)], [(l1, 1), (p2, 0)], ground] + [nodes[k] for k in range(1, 55)]
    return rf.circuit.Circuit(cons).network.s


def main():
    pkg = rf.Network(sys.argv[1])
    pkg.name = "pkg"
    first, s_skrf = ms(lambda: skrf_circuit(pkg, C[0]))
    again = statistics.median(ms(lambda: skrf_circuit(pkg, C[0] * 1.0001))[0] for _ in range(RUNS))
    print(f"scikit-rf Circuit: first {first:.0f} ms, re-evaluation {again:.0f} ms; "
          f"S21[0] = {s_skrf[0, 1, 0]}, S21[1000] = {s_skrf[1000, 1, 0]}", file=sys.stderr)
    out = {"skrf_first_ms": first, "skrf_reevaluate_ms": again}
    try:
        out.update(paramrf(pkg, s_skrf))
    except Exception as e:  # ParamRF's API for data blocks is not pinned here: report, go on
        print(f"ParamRF: not run ({type(e).__name__}: {e})", file=sys.stderr)
    print(json.dumps(out))


def paramrf(pkg, s_skrf):
    import pmrf as prf  # noqa: F401  (ParamRF's package is also named pmrf)
    import equinox as eqx
    from pmrf.models import Capacitor, Circuit, Ground, Inductor, Port, Resistor, SkrfNetwork

    freq = prf.Frequency(0.1, 10, 1001, "GHz")
    block = SkrfNetwork(pkg)
    p1, p2, gnd = Port(), Port(), Ground()
    l0, l1 = Inductor(L[0]), Inductor(L[1])
    parts = [Capacitor(c) for c in C] + [Resistor(r) for r in R]
    loads = [SkrfNetwork(rf.media.DefinedGammaZ0(pkg.frequency, z0=50).load(0.3 * np.exp(1j * k / 7.0)))
             for k in range(9, 55)]
    nodes = {k: [(block, k - 1)] for k in range(1, 55)}
    nodes[1].append((l0, 1))
    nodes[2].append((l1, 0))
    ground = [(gnd, 0)]
    for part, port in zip(parts, C_PORTS + R_PORTS):
        nodes[port].append((part, 0))
        ground.append((part, 1))
    for load, k in zip(loads, range(9, 55)):
        nodes[k].append((load, 0))
    circuit = Circuit([[(p1, 0), (l0, 0)], [(l1, 1), (p2, 0)], ground] + [nodes[k] for k in range(1, 55)])
    evaluate = eqx.filter_jit(lambda m: m.s(freq))
    first, s = ms(lambda: np.asarray(evaluate(circuit).block_until_ready()))
    again = statistics.median(ms(lambda: evaluate(circuit).block_until_ready())[0] for _ in range(RUNS))
    print(f"ParamRF Circuit: first {first:.0f} ms (jit), re-evaluation {again:.0f} ms; "
          f"|paramrf - skrf| = {np.abs(s - s_skrf).max():.1e}", file=sys.stderr)
    return {"paramrf_first_ms": first, "paramrf_reevaluate_ms": again}


if __name__ == "__main__":
    main()
