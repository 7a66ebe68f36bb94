"""Reference vector fits by scikit-rf 2.2.0 for tests/rational.rs (tests/fixtures/rational.json).

Run once, outside CI:  /work/venv/bin/python scripts/gen_rational_fixtures.py

Cases: scikit-rf's shipped `ring slot.s2p` (copied in tests/data/network_ops/, BSD-3, see the
licence there) fitted with `VectorFitting.vector_fit` at its defaults (2 real, 2 complex starting
poles, linear spacing), and with 0 real / 3 complex; for each the poles, the RMS error of the fit
over the data (skrf's `get_rms_error`, all entries) and its largest singular value on a dense grid.
"""
import json
import pathlib

import numpy as np
import skrf

root = pathlib.Path(__file__).resolve().parents[1]
ring = skrf.Network(str(root / "tests/data/network_ops/ring slot.s2p"))

cases = []
for real, cmplx in [(2, 2), (0, 3)]:
    vf = skrf.vectorFitting.VectorFitting(ring)
    vf.vector_fit(n_poles_real=real, n_poles_cmplx=cmplx)
    f = ring.f
    s_fit = np.stack([[vf.get_model_response(i, j, f) for j in range(2)] for i in range(2)], -1)
    s_fit = np.transpose(s_fit, (1, 0, 2))  # (nf, i, j) -> rows i
    rms = float(np.sqrt(np.mean(np.abs(s_fit - ring.s) ** 2)))
    dense = np.linspace(0, f[-1], 2001)
    sd = np.stack([[vf.get_model_response(i, j, dense) for j in range(2)] for i in range(2)])
    sd = np.transpose(sd, (2, 0, 1))
    sv = np.linalg.svd(sd, compute_uv=False).max(axis=1)
    cases.append({
        "real_poles": real,
        "pole_pairs": cmplx,
        "poles_re": [float(p.real) for p in vf.poles],
        "poles_im": [float(p.imag) for p in vf.poles],
        "rms_error": rms,
        "skrf_rms_error": float(vf.get_rms_error()),
        "max_singular_value": float(sv.max()),
    })

out = {
    "generator": "scripts/gen_rational_fixtures.py",
    "skrf": skrf.__version__,
    "file": "tests/data/network_ops/ring slot.s2p",
    "cases": cases,
}
(root / "tests/fixtures/rational.json").write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out, indent=1))
