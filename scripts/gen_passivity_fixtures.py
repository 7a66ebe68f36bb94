"""Reference passivity test by scikit-rf 2.2.0 for tests/rational.rs (tests/fixtures/passivity.json).

Run once, outside CI:  /work/venv/bin/python scripts/gen_passivity_fixtures.py

A slightly active 2-port pole-residue model (a series resonator between two ports, its
transmission peak slightly above the reflection allows, plus one real pole) is given to scikit-rf's
`VectorFitting` as its model (poles, residues, constant term; no proportional term), and its
`passivity_test` (Gustavsen & Semlyen's half-size singularity test matrix) gives the violation
bands; the largest singular value on a dense grid (0-10 GHz) is recorded too, and for scale the\nrms change of S (same grid) and largest singular value after scikit-rf's `passivity_enforce`.
"""
import json
import pathlib

import numpy as np
import skrf

root = pathlib.Path(__file__).resolve().parents[1]

tau = 2 * np.pi
w0, q = tau * 2.4e9, 40.0
p = complex(-w0 / (2 * q), w0 * np.sqrt(1 - 1 / (4 * q * q)))
r = p.real  # S21 of a series resonator: r/(s-p) + c.c. with r = Re p (unit peak)
p_real = -tau * 6e9
# Row-major entries S11, S12, S21, S22.
d = [0.05, 0.0, 0.0, 0.05]
res_pair = [0.03 * r, -0.99 * r, -0.99 * r, 0.03 * r]
res_real = [2e8, 1e8, 1e8, 2e8]

ring = skrf.Network(str(root / "tests/data/network_ops/ring slot.s2p"))
vf = skrf.vectorFitting.VectorFitting(ring)
vf.poles = np.array([complex(p_real, 0.0), p])
vf.residues = np.array([[complex(a, 0.0), complex(b, 0.0)] for a, b in zip(res_real, res_pair)])
vf.constant_coeff = np.array(d, dtype=float)
vf.proportional_coeff = np.zeros(4)
bands = vf.passivity_test()

dense = np.linspace(0, 10e9, 20001)
sd = np.stack([[vf.get_model_response(i, j, dense) for j in range(2)] for i in range(2)])
sd = np.transpose(sd, (2, 0, 1))
sv = np.linalg.svd(sd, compute_uv=False).max(axis=1)

out = {
    "source": "scikit-rf 2.2.0 VectorFitting.passivity_test (scripts/gen_passivity_fixtures.py)",
    "d": d,
    "pair": {"re": p.real, "im": p.imag, "residues_re": res_pair, "residues_im": [0.0] * 4},
    "real": {"pole": p_real, "residues": res_real},
    "bands": [[float(a), (float(b) if np.isfinite(b) else None)] for a, b in bands],
    "max_singular_value": float(sv.max()),
    "at_hz": float(dense[sv.argmax()]),
}
path = root / "tests/fixtures/passivity.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out, indent=1))
