"""Reference S-parameters, Zc(f) and eps_eff(f) of lossless microstrip lines with Wheeler's 1977
quasi-static formulas and Kirschning-Jansen dispersion, from scikit-rf's MLine
(model='wheeler', disp='kirschningjansen'), written to tests/fixtures/lines_microstrip_wheeler.json
for tests/lines.rs.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_microstrip_wheeler_fixtures.py

For t = 0 the reference is MLine itself. For t > 0, MLine 2.2.0 misplaces a parenthesis in
Wheeler's thickness correction (it computes ln(4e h/t + (1/(pi (w/t + 1.1)))^2) instead of
ln(4e / sqrt((t/h)^2 + (1/(pi (w/t + 1.1)))^2)), as Wheeler, the Qucs documentation and qucsator
have it). Wheeler's formulas use the strip only through the corrected width wr = w + dwr (the
narrow/wide branch is chosen by w/h), so the reference for t > 0 is MLine with t = None at the
width wr, dwr computed here by the published formula; the cases keep w/h and wr/h on the same
branches. MLine's own t > 0 values are stored too (skrf_zc, skrf_eps_eff) to show its difference.
Lossless: tan delta = 0 and resistivity 1e-30 (conductor loss below 1e-11 Np/m).
"""

import json
import pathlib
import warnings

import numpy as np
import skrf
from skrf.media import MLine

warnings.filterwarnings("ignore", message="Conductor loss calculation invalid")
assert skrf.__version__ == "2.2.0", skrf.__version__

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"
freq = skrf.Frequency(0.01, 20.0, 41, unit="GHz")


def dwr(w, h, t, eps_r):
    """Wheeler's width correction for the strip thickness in the inhomogeneous medium."""
    if t == 0:
        return 0.0
    dw1 = t / np.pi * np.log(4 * np.e / np.sqrt((t / h) ** 2 + (1 / np.pi / (w / t + 1.1)) ** 2))
    return (1 + 1 / eps_r) / 2 * dw1


def mline(w, h, t, eps_r):
    m = MLine(freq, z0_port=50, w=w, h=h, t=t, ep_r=eps_r, tand=0.0, rho=1e-30, rough=0.0,
              model="wheeler", disp="kirschningjansen")
    assert np.max(m.alpha_conductor) < 1e-10 and np.max(m.alpha_dielectric) == 0
    return m


# Narrow (w/h < 1.3), middle (1.3 <= w/h < 3.3) and wide (w/h >= 3.3) strips, with and without
# thickness, on several substrates.
geometries = {
    "narrow_alumina_t0": dict(w=0.3e-3, h=0.635e-3, t=0.0, eps_r=9.8, length=10e-3),
    "narrow_rogers": dict(w=0.2e-3, h=0.5e-3, t=18e-6, eps_r=3.5, length=15e-3),
    "middle_fr4": dict(w=3.0e-3, h=1.6e-3, t=35e-6, eps_r=4.3, length=20e-3),
    "middle_ptfe_t0": dict(w=1.0e-3, h=0.4e-3, t=0.0, eps_r=2.2, length=25e-3),
    "wide_ptfe_t0": dict(w=5e-3, h=0.5e-3, t=0.0, eps_r=2.2, length=30e-3),
    "wide_alumina": dict(w=2.5e-3, h=0.635e-3, t=5e-6, eps_r=9.8, length=10e-3),
}
cases = {}
for name, g in geometries.items():
    w, h, t, er = g["w"], g["h"], g["t"], g["eps_r"]
    wr = w + dwr(w, h, t, er)
    for limit in (1.3, 3.3):
        assert (w / h < limit) == (wr / h < limit), name
    m = mline(wr, h, None, er)
    ntwk = m.line(g["length"], "m")
    case = {
        "nports": 2,
        "s_re": np.real(ntwk.s).tolist(),
        "s_im": np.imag(ntwk.s).tolist(),
        **g,
        "zc": np.real(m.z0).tolist(),
        "eps_eff": np.real(m.ep_reff_f).tolist(),
        "zc_im_max": float(np.max(np.abs(np.imag(m.z0)))),
    }
    if t > 0:
        own = mline(w, h, t, er)
        case["skrf_zc"] = np.real(own.z0).tolist()
        case["skrf_eps_eff"] = np.real(own.ep_reff_f).tolist()
    cases[name] = case

out = {
    "source": f"scikit-rf {skrf.__version__} MLine(model='wheeler', disp='kirschningjansen')",
    "frequency_hz": freq.f.tolist(),
    "cases": cases,
}
path = OUT / "lines_microstrip_wheeler.json"
path.write_text(json.dumps(out, indent=1))
print(f"wrote {path}")
