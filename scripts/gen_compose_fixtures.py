"""Reference S-parameters of composite networks (connect, terminate, flip, renumber) from
scikit-rf, written to tests/fixtures/compose.json for tests/compose.rs.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_compose_fixtures.py
"""

import json
import pathlib

import numpy as np
import skrf
from skrf.network import connect as rf_connect
from skrf.media import DefinedGammaZ0

freq = skrf.Frequency(0.1, 5.0, 11, unit="GHz")
m = DefinedGammaZ0(frequency=freq, z0=50)

L = m.inductor(3e-9)  # series 3 nH
C = m.shunt_capacitor(2e-12)  # shunt 2 pF
R7 = m.resistor(7.0)  # series 7 ohm
R30 = m.resistor(30.0)
tee = m.tee()  # ideal 3-way junction
# 20 ohm and 3 pF in series to ground: a 1-port.
rc_load = m.resistor(20.0) ** m.capacitor(3e-12) ** m.short()
r3 = 50.0 / 3.0

cases = {
    # Port 2 of L joined to port 1 of C: a cascade.
    "l_to_c": rf_connect(L, 1, C, 0),
    # Arm 3 of a tee extended by 30 ohm in series: a 3-port.
    "tee_arm_r30": rf_connect(tee, 2, R30, 0),
    # L, C, 7 ohm cascade closed by the RC load: a 1-port.
    "lcr_terminated_rc": rf_connect(L ** C ** R7, 1, rc_load, 0),
    # The same 2-port closed on its port 1 instead.
    "lcr_port1_terminated_rc": rf_connect(L ** C ** R7, 0, rc_load, 0),
    # A resistive star divider: 50/3 ohm on each arm of a tee (a 2-port on a junction keeps
    # the junction's port numbers).
    "star_divider": rf_connect(
        rf_connect(rf_connect(tee, 0, m.resistor(r3), 1), 1, m.resistor(r3), 1),
        2,
        m.resistor(r3),
        1,
    ),
    # A 2-port joined to a 3-port: the plain order (a's ports, then b's).
    "l_to_tee": rf_connect(L, 1, tee, 0),
    "lcr_flipped": (L ** C ** R7).flipped(),
    # New port i is old port order[i] with order = [2, 0, 1].
    "tee_arm_r30_renumbered": rf_connect(tee, 2, R30, 0).renumbered([2, 0, 1], [0, 1, 2]),
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
path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "compose.json"
path.write_text(json.dumps(out, indent=1))
print(f"wrote {path}")
