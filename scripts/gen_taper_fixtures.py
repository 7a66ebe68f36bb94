"""Reference S-parameters of tapered and floating lines from scikit-rf, written to
tests/fixtures/tapers.json for tests/tapers.rs.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_taper_fixtures.py

What each reference is:

* taper cases: scikit-rf's `taper.Linear`, `taper.Exponential` and `taper.Klopfenstein`
  (param 'z0') over a lossless `DefinedGammaZ0` (gamma = j w sqrt(eps_r) / c0, characteristic
  impedance z0, every section renormalised to z0_port = 50 ohm), with the same length and
  number of sections as pmrf's `TaperedLine`. scikit-rf's Klopfenstein `rmax` is relative to
  Gamma_0 = ln(z2 / z1) / 2: rmax = ripple / |Gamma_0| for pmrf's absolute `ripple`.
* floating cases: `DefinedGammaZ0.line_floating` (4-port: ports 1, 3 one end, 2, 4 the other)
  of a lossy line with a complex characteristic impedance: its closed form at Zc, renormalised
  to 50 ohm exactly here ("s_*"), and scikit-rf's own 50 ohm result ("skrf_s_*", which loses
  about 1e-7 in renormalising through the singular Z-parameters of a floating network).
"""

import json
import pathlib

import numpy as np
import skrf
from skrf import taper
from skrf.media import DefinedGammaZ0

assert skrf.__version__ == "2.2.0", skrf.__version__

C0 = 299792458.0
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"

freq = skrf.Frequency(0.1, 6.0, 25, "ghz")
f = freq.f


def s_case(ntwk, **extra):
    return {
        "nports": int(ntwk.nports),
        "s_re": np.real(ntwk.s).tolist(),
        "s_im": np.imag(ntwk.s).tolist(),
        **extra,
    }


def taper_case(kind, z1, z2, eps_r, length, sections, ripple=None):
    gamma = 1j * 2 * np.pi * f * np.sqrt(eps_r) / C0
    kw = dict(
        med=DefinedGammaZ0,
        param="z0",
        start=z1,
        stop=z2,
        length=length,
        n_sections=sections,
        med_kw={"frequency": freq, "z0_port": 50.0, "gamma": gamma},
    )
    if kind == "linear":
        t = taper.Linear(**kw)
    elif kind == "exponential":
        t = taper.Exponential(**kw)
    else:
        g0 = abs(np.log(z2 / z1) / 2)
        t = taper.Klopfenstein(f_kw={"rmax": ripple / g0}, **kw)
    ntwk = t.network
    assert np.allclose(ntwk.z0, 50.0)
    return s_case(
        ntwk,
        profile=kind,
        z1=z1,
        z2=z2,
        eps_r=eps_r,
        length=length,
        sections=sections,
        ripple=ripple,
        impedances=np.real(t.value_vector).tolist(),
    )


def floating_case(zc, alpha, eps_r, length):
    gamma = alpha + 1j * 2 * np.pi * f * np.sqrt(eps_r) / C0
    # scikit-rf's closed form at the line's own Zc (no renormalisation).
    at_zc = DefinedGammaZ0(frequency=freq, z0=zc, gamma=gamma)
    s = at_zc.line_floating(length, "m", s_def="traveling").s
    assert np.allclose(at_zc.line_floating(length, "m", s_def="traveling").z0, zc)
    # Renormalised to 50 ohm without Z-parameters (a floating network has none):
    # S' = (S - G)(I - G S)^-1 with G = (50 - Zc) / (50 + Zc), the same at every port.
    g = (50.0 - zc) / (50.0 + zc)
    eye = np.eye(4)
    exact = np.array([(sk - g * eye) @ np.linalg.inv(eye - g * sk) for sk in s])
    # scikit-rf's own renormalisation goes through Z = (I - S)^-1 (I + S) z0, which the
    # floating network's open common mode makes singular: good to about 1e-7 only.
    skrf50 = DefinedGammaZ0(frequency=freq, z0_port=50.0, z0=zc, gamma=gamma)
    ntwk = skrf50.line_floating(length, "m")
    assert np.allclose(ntwk.z0, 50.0)
    return {
        "nports": 4,
        "s_re": np.real(exact).tolist(),
        "s_im": np.imag(exact).tolist(),
        "skrf_s_re": np.real(ntwk.s).tolist(),
        "skrf_s_im": np.imag(ntwk.s).tolist(),
        "zc_re": complex(zc).real,
        "zc_im": complex(zc).imag,
        "alpha": alpha,
        "eps_r": eps_r,
        "length": length,
    }


cases = {
    "linear": taper_case("linear", 50.0, 100.0, 2.2, 0.08, 40),
    "linear_down": taper_case("linear", 75.0, 30.0, 1.0, 0.15, 17),
    "exponential": taper_case("exponential", 50.0, 100.0, 2.2, 0.08, 40),
    "exponential_down": taper_case("exponential", 120.0, 25.0, 4.0, 0.05, 33),
    "klopfenstein": taper_case("klopfenstein", 50.0, 100.0, 1.0, 0.1, 100, ripple=0.02),
    "klopfenstein_down": taper_case("klopfenstein", 100.0, 20.0, 3.0, 0.06, 64, ripple=0.05),
    "klopfenstein_steep": taper_case("klopfenstein", 50.0, 300.0, 1.0, 0.2, 80, ripple=0.005),
    "floating": floating_case(50.0, 0.0, 1.0, 0.1),
    "floating_lossy": floating_case(62.0 - 3.0j, 0.8, 2.5, 0.23),
}

OUT.mkdir(parents=True, exist_ok=True)
(OUT / "tapers.json").write_text(
    json.dumps({"frequency_hz": f.tolist(), "cases": cases}, indent=None) + "\n"
)
print("wrote", OUT / "tapers.json")
