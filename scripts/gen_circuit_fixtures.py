"""Reference S-parameters of circuit netlists from scikit-rf's `Circuit`, written to
tests/fixtures/circuit.json for tests/circuit.rs.

Each netlist here is the same as the one built in tests/circuit.rs (same parts, same nodes);
external ports are numbered in the same order in both.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_circuit_fixtures.py
"""

import json
import pathlib

import numpy as np
import skrf
from skrf.media import DefinedGammaZ0

freq = skrf.Frequency(0.1, 5.0, 11, unit="GHz")
m = DefinedGammaZ0(frequency=freq, z0=50)


def port(name):
    return skrf.circuit.Circuit.Port(freq, name, z0=50)


def ground(name):
    return skrf.circuit.Circuit.Ground(freq, name, z0=50)


def named(net, name):
    net = net.copy()
    net.name = name
    return net


def solve(connections):
    return skrf.circuit.Circuit(connections).network


# Pi low-pass: series capacitors from the line to ground, a series inductor between.
p1, p2, gnd = port("p1"), port("p2"), ground("gnd")
c1, l, c2 = named(m.capacitor(2e-12), "c1"), named(m.inductor(5e-9), "l"), named(m.capacitor(2e-12), "c2")
pi_lowpass = solve([
    [(p1, 0), (c1, 0), (l, 0)],
    [(l, 1), (c2, 0), (p2, 0)],
    [(c1, 1), (c2, 1), (gnd, 0)],
])

# Resistive star divider: 50/3 ohm from each port to a centre node.
r3 = 50.0 / 3.0
q1, q2, q3 = port("q1"), port("q2"), port("q3")
ra, rb, rc = (named(m.resistor(r3), n) for n in ("ra", "rb", "rc"))
star = solve([
    [(q1, 0), (ra, 0)],
    [(q2, 0), (rb, 0)],
    [(q3, 0), (rc, 0)],
    [(ra, 1), (rb, 1), (rc, 1)],
])

# L, shunt C (a 2-port on the line), 7 ohm, closed by 20 ohm + 3 pF to ground: a 1-port.
t1, tg = port("t1"), ground("tg")
tl, tc, tr = named(m.inductor(3e-9), "tl"), named(m.shunt_capacitor(2e-12), "tc"), named(m.resistor(7.0), "tr")
lr, lc = named(m.resistor(20.0), "lr"), named(m.capacitor(3e-12), "lc")
terminated = solve([
    [(t1, 0), (tl, 0)],
    [(tl, 1), (tc, 0)],
    [(tc, 1), (tr, 0)],
    [(tr, 1), (lr, 0)],
    [(lr, 1), (lc, 0)],
    [(lc, 1), (tg, 0)],
])

# Bridged T: 30 ohm from port 1 to port 2, 4 nH + 4 nH in the T, 1.5 pF from its centre to
# ground: not a ladder.
b1, b2, bg = port("b1"), port("b2"), ground("bg")
br = named(m.resistor(30.0), "br")
bl1, bl2 = named(m.inductor(4e-9), "bl1"), named(m.inductor(4e-9), "bl2")
bc = named(m.capacitor(1.5e-12), "bc")
bridged_t = solve([
    [(b1, 0), (br, 0), (bl1, 0)],
    [(b2, 0), (br, 1), (bl2, 1)],
    [(bl1, 1), (bl2, 0), (bc, 0)],
    [(bc, 1), (bg, 0)],
])

# Pi low-pass with capacitor ESR: each shunt branch is 2 pF in series with 0.3 ohm to ground,
# 5 nH between; the branches' midpoints are internal nodes.
e1, e2, eg = port("e1"), port("e2"), ground("eg")
ec1, er1 = named(m.capacitor(2e-12), "ec1"), named(m.resistor(0.3), "er1")
el = named(m.inductor(5e-9), "el")
ec2, er2 = named(m.capacitor(2e-12), "ec2"), named(m.resistor(0.3), "er2")
esr_pi = solve([
    [(e1, 0), (ec1, 0), (el, 0)],
    [(el, 1), (ec2, 0), (e2, 0)],
    [(ec1, 1), (er1, 0)],
    [(ec2, 1), (er2, 0)],
    [(er1, 1), (er2, 1), (eg, 0)],
])

# Parts without an admittance matrix (a shunt C 2-port, a 1 mohm resistor) and an ideal
# 3-way splitter, two external ports on one node and an inductor to ground: the nodal
# solver's fallback at every point.
x1, x2, x3 = port("x1"), port("x2"), port("x3")
xs = named(m.shunt_capacitor(1e-12), "xs")
xr = named(m.resistor(1e-3), "xr")
xt = named(m.splitter(3), "xt")
xl = named(m.inductor(2e-9), "xl")
mixed = solve([
    [(x1, 0), (xs, 0)],
    [(xs, 1), (xr, 0)],
    [(xr, 1), (xt, 0)],
    [(xt, 1), (x2, 0), (x3, 0)],
    [(xt, 2), (xl, 0)],
    [(xl, 1), (ground("xg"), 0)],
])

cases = {
    "esr_pi": esr_pi,
    "mixed_fallback": mixed,
    "pi_lowpass": pi_lowpass,
    "star_divider": star,
    "lcr_terminated_rc": terminated,
    "bridged_t": bridged_t,
}

out = {
    "source": f"scikit-rf {skrf.__version__}",
    "frequency_hz": freq.f.tolist(),
    "cases": {
        name: {
            "nports": int(n.nports),
            "s_re": np.real(n.s).tolist(),
            "s_im": np.imag(n.s).tolist(),
        }
        for name, n in cases.items()
    },
}
path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "circuit.json"
path.write_text(json.dumps(out, indent=1))
print(f"wrote {path}")
