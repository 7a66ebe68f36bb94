"""Generate tests/fixtures/z0.json: conversions at complex reference impedances, by scikit-rf.

Run once, by hand, outside CI (tests/reference_impedance.rs only reads the committed JSON):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-rf==2.2.0
    /tmp/venv/bin/python scripts/gen_z0_fixtures.py

Generated with scikit-rf 2.2.0 (the version is also written into the fixture). Conventions:
scikit-rf's `s_def='power'` (Kurokawa power waves) and `s_def='pseudo'` (Marks & Williams pseudo
waves), which pmrf's `WaveDef::Power` / `WaveDef::Pseudo` follow. Complex numbers are written as
`[re, im]`, matrices as `[nfreq][row][col]`, reference impedances as `[nfreq][port]`.

Cases
  two_port    S of a series R-L, shunt C circuit at 50 ohm (pmrf builds the same circuit from
              SeriesR, SeriesL, ShuntC and checks its own S first)
  three_port  a seeded random, non-reciprocal S at 50 ohm
  for each:   renormalize_s 50 -> z0 (one set for all points, and one varying with frequency),
              s2z / s2y with complex z0, z2s / y2s back from those Z / Y at another z0,
              both s_def; s2a / a2s (scikit-rf: power waves only) for the 2-port
"""
import json
import platform
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf
from skrf import network as nw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "z0.json"

assert version("scikit-rf") == "2.2.0", version("scikit-rf")


def cjson(a):
    """Complex array -> nested lists with [re, im] leaves."""
    a = np.asarray(a, dtype=complex)
    return np.stack([a.real, a.imag], axis=-1).tolist()


freq = rf.Frequency(0.5, 4.5, 5, "GHz")
media = rf.media.DefinedGammaZ0(freq, z0=50)
R, L, C = 12.0, 3.3e-9, 1.5e-12
circuit = media.resistor(R) ** media.inductor(L) ** media.shunt_capacitor(C)
s2 = circuit.s

rng = np.random.default_rng(20261127)
nf = len(freq)
s3 = 0.3 * (rng.uniform(-1, 1, (nf, 3, 3)) + 1j * rng.uniform(-1, 1, (nf, 3, 3)))

k = np.arange(nf)
cases = {}
for name, s, z0 in [
    ("two_port", s2, np.array([25 - 10j, 25 - 10j])),
    ("three_port", s3, np.array([30 + 5j, 75, 50 - 20j])),
]:
    n = s.shape[1]
    z0_f = np.tile(z0, (nf, 1))
    # A reference that varies with frequency (as measured port impedances do).
    z0_var = np.array([[(20 + 5 * kk + 7 * p) - (10 - 3 * kk + 2 * p) * 1j for p in range(n)] for kk in k])
    # A second reference to convert Z / Y back to S at.
    z0_b = np.array([40 + 15j, 60 - 5j, 35 + 0j][:n])
    z0_b_f = np.tile(z0_b, (nf, 1))
    case = {"nports": n, "s50": cjson(s), "z0": cjson(z0), "z0_var": cjson(z0_var), "z0_b": cjson(z0_b)}
    for s_def in ("power", "pseudo"):
        z = nw.s2z(s, z0_f, s_def=s_def)
        y = nw.s2y(s, z0_f, s_def=s_def)
        case[s_def] = {
            "renorm": cjson(nw.renormalize_s(s, 50, z0_f, s_def=s_def)),
            "renorm_var": cjson(nw.renormalize_s(s, 50, z0_var, s_def=s_def)),
            "s2z": cjson(z),
            "s2y": cjson(y),
            "z2s_b": cjson(nw.z2s(z, z0_b_f, s_def=s_def)),
            "y2s_b": cjson(nw.y2s(y, z0_b_f, s_def=s_def)),
        }
    if n == 2:
        case["circuit"] = {"r": R, "l": L, "c": C}
        a = nw.s2a(nw.renormalize_s(s, 50, z0_f, s_def="power"), z0_f)
        case["abcd"] = cjson(a)
        case["abcd_from_50"] = cjson(nw.s2a(s, 50))
        case["a2s_b"] = cjson(nw.a2s(a, z0_b_f))
    cases[name] = case

fixture = {
    "generator": "scripts/gen_z0_fixtures.py",
    "versions": {"scikit-rf": version("scikit-rf"), "numpy": version("numpy"), "python": platform.python_version()},
    "frequency_hz": freq.f.tolist(),
    "cases": cases,
}
OUT.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {OUT}")
