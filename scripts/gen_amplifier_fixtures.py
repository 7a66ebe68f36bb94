"""Generate tests/fixtures/amplifier.json: stability and gain of 2-ports, for
pmrf-core/src/network/amplifier.rs (read by tests/amplifier.rs).

Run once, by hand, outside CI (the tests only read the committed JSON):

    python3 -m venv .venv && .venv/bin/pip install scikit-rf==2.2.0
    .venv/bin/python scripts/gen_amplifier_fixtures.py

Networks (`"cases"`): the NXP BFU520 transistor of scikit-rf's tutorials
(`tests/data/amplifier/BFU520_05V0_010mA_NF_SP.s2p`, K from 0.4 to 1.04: conditionally and
unconditionally stable points; its first 31 points are conditionally stable) and seeded
synthetic 2-ports (`f`, `s_re`/`s_im` `[nfreq][row][col]`) spanning K < 1, K > 1 with |D| < 1,
and K > 1 with |D| > 1. (A lossless 2-port such as scikit-rf's `ntwk1.s2p` has K = 1 to
rounding, where MAG = MSG (K - sqrt(K^2 - 1)) loses half its digits: not a 1e-12 comparison.) A
file is read by pmrf's own Touchstone reader in the test.

Per case, `skrf`: scikit-rf 2.2.0's `stability` (K), `max_stable_gain`, `max_gain` and
`unilateral_gain` (Mason's U), and the centre and radius of `stability_circle(0|1)` and of
`gain_circle(0|1, UNILATERAL_GAIN_DB)` (from their loci at theta = 0 and pi). `closed`: closed forms in numpy, written here independently of pmrf
(Rollett 1962; Edwards and Sinsky 1992; Gonzalez, Microwave Transistor Amplifiers, 2nd ed.,
ch. 2-3): |D|, mu, mu', MAG (null where K <= 1), G_TU,max, the unilateral figure of merit, the
transducer / available / operating gains at the fixed reflections `gamma_s`, `gamma_l`, the
available and operating gain circles at `gain` = `circle_fraction` of the maximum gain, and the
simultaneous conjugate match (null unless K > 1 and |D| < 1, by the quadratic's textbook root).
NaN is written as null.
"""
import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "amplifier.json"
FILES = ["tests/data/amplifier/BFU520_05V0_010mA_NF_SP.s2p"]
GAMMA_S = 0.3 * np.exp(1j * np.deg2rad(40.0))
GAMMA_L = 0.2 * np.exp(-1j * np.deg2rad(70.0))
CIRCLE_FRACTION = 0.5
# The gain of the matching section of scikit-rf's (unilateral) `gain_circle`, in dB: a loss, so
# below the maximum 1 / (1 - |S|^2) of every point (scikit-rf clips above it).
UNILATERAL_GAIN_DB = -0.5

assert version("scikit-rf") == "2.2.0", version("scikit-rf")
rng = np.random.default_rng(20261222)


def synthetic():
    """Seeded 2-ports (small S12, S21 gain from 0.5 to 8, reflections up to 0.95), the last one
    unstable with K > 1."""
    nf = 24
    f = np.linspace(1e9, 3.3e9, nf)
    mag = lambda lo, hi: rng.uniform(lo, hi, nf) * np.exp(1j * rng.uniform(-np.pi, np.pi, nf))
    s = np.empty((nf, 2, 2), complex)
    s[:, 0, 0] = mag(0.05, 0.95)
    s[:, 1, 1] = mag(0.05, 0.95)
    s[:, 1, 0] = mag(0.5, 8.0)
    s[:, 0, 1] = mag(0.005, 0.3)
    # Matched ports and a loop gain |S12 S21| = 1.8: K = 1.18 > 1 with |D| = 1.8 > 1.
    s[-1] = [[0.0, 1.2j], [1.5, 0.0]]
    return rf.Network(frequency=rf.Frequency.from_f(f, unit="Hz"), s=s, z0=50)


def nan_to_none(x):
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return {"re": nan_to_none(x.real), "im": nan_to_none(x.imag)}
    return [None if not np.isfinite(v) else float(v) for v in x.ravel()]


def circle(n, port):
    loci = n.stability_circle(port, npoints=3)  # theta = 0, pi, 2 pi
    return {"center": nan_to_none((loci[0] + loci[1]) / 2), "radius": nan_to_none(np.abs(loci[0] - loci[1]) / 2)}


def gain_circle(n, port):
    loci = n.gain_circle(port, UNILATERAL_GAIN_DB, npoints=3)  # theta = 0, pi, 2 pi
    return {"center": nan_to_none((loci[0] + loci[1]) / 2), "radius": nan_to_none(np.abs(loci[0] - loci[1]) / 2)}


def closed_forms(s):
    s11, s12, s21, s22 = s[:, 0, 0], s[:, 0, 1], s[:, 1, 0], s[:, 1, 1]
    d = s11 * s22 - s12 * s21
    loop = np.abs(s12 * s21)
    k = (1 - abs(s11) ** 2 - abs(s22) ** 2 + abs(d) ** 2) / (2 * loop)
    mu = (1 - abs(s11) ** 2) / (abs(s22 - d * s11.conj()) + loop)
    mu_p = (1 - abs(s22) ** 2) / (abs(s11 - d * s22.conj()) + loop)
    msg = abs(s21) / abs(s12)
    with np.errstate(invalid="ignore"):
        mag = np.where(k > 1, msg * (k - np.sqrt(k**2 - 1)), np.nan)
    gmax = np.where(k > 1, mag, msg)
    gtu = abs(s21) ** 2 / ((1 - abs(s11) ** 2) * (1 - abs(s22) ** 2))
    u = abs(s11 * s12 * s21 * s22) / ((1 - abs(s11) ** 2) * (1 - abs(s22) ** 2))
    gs, gl = GAMMA_S, GAMMA_L
    gt = abs(s21) ** 2 * (1 - abs(gs) ** 2) * (1 - abs(gl) ** 2) / abs(
        (1 - s11 * gs) * (1 - s22 * gl) - s12 * s21 * gs * gl) ** 2
    gin = s11 + s12 * s21 * gl / (1 - s22 * gl)
    gout = s22 + s12 * s21 * gs / (1 - s11 * gs)
    ga = abs(s21) ** 2 * (1 - abs(gs) ** 2) / (abs(1 - s11 * gs) ** 2 * (1 - abs(gout) ** 2))
    gp = abs(s21) ** 2 * (1 - abs(gl) ** 2) / (abs(1 - s22 * gl) ** 2 * (1 - abs(gin) ** 2))
    gain = CIRCLE_FRACTION * gmax
    g = gain / abs(s21) ** 2
    c1, c2 = s11 - d * s22.conj(), s22 - d * s11.conj()
    with np.errstate(invalid="ignore"):
        disc = np.sqrt(1 - 2 * k * loop * g + loop**2 * g**2)
    den_a = 1 + g * (abs(s11) ** 2 - abs(d) ** 2)
    den_p = 1 + g * (abs(s22) ** 2 - abs(d) ** 2)
    ok = (k > 1) & (abs(d) < 1)
    b1 = 1 + abs(s11) ** 2 - abs(s22) ** 2 - abs(d) ** 2
    b2 = 1 + abs(s22) ** 2 - abs(s11) ** 2 - abs(d) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        gms = np.where(ok, (b1 - np.sqrt(b1**2 - 4 * abs(c1) ** 2 + 0j)) / (2 * c1), np.nan)
        gml = np.where(ok, (b2 - np.sqrt(b2**2 - 4 * abs(c2) ** 2 + 0j)) / (2 * c2), np.nan)
    return {
        "delta_mag": nan_to_none(abs(d)),
        "k": nan_to_none(k),
        "mu": nan_to_none(mu),
        "mu_prime": nan_to_none(mu_p),
        "mag": nan_to_none(mag),
        "gmax": nan_to_none(gmax),
        "gtu_max": nan_to_none(gtu),
        "u": nan_to_none(u),
        "transducer_gain": nan_to_none(gt),
        "available_gain": nan_to_none(ga),
        "operating_gain": nan_to_none(gp),
        "circle_gain": nan_to_none(gain),
        "available_circle": {"center": nan_to_none(g * c1.conj() / den_a), "radius": nan_to_none(disc / abs(den_a))},
        "operating_circle": {"center": nan_to_none(g * c2.conj() / den_p), "radius": nan_to_none(disc / abs(den_p))},
        "gamma_ms": nan_to_none(gms),
        "gamma_ml": nan_to_none(gml),
    }


def case(name, n, source):
    out = {"name": name, **source}
    out["skrf"] = {
        "k": nan_to_none(n.stability),
        "max_stable_gain": nan_to_none(n.max_stable_gain),
        "max_gain": nan_to_none(n.max_gain),
        "unilateral_gain": nan_to_none(n.unilateral_gain),
        "source_circle": circle(n, 0),
        "load_circle": circle(n, 1),
        "unilateral_gain_db": UNILATERAL_GAIN_DB,
        "source_gain_circle": gain_circle(n, 0),
        "load_gain_circle": gain_circle(n, 1),
    }
    out["closed"] = closed_forms(n.s)
    # The closed forms agree with scikit-rf where both define them.
    assert np.allclose(n.stability, closed_forms_k(n.s), rtol=1e-13)
    return out


def closed_forms_k(s):
    return np.array(closed_forms(s)["k"], float)


cases = [case(Path(p).stem, rf.Network(str(ROOT / p)), {"file": p}) for p in FILES]
syn = synthetic()
cases.append(case("synthetic", syn, {
    "f": syn.f.tolist(), "s_re": syn.s.real.tolist(), "s_im": syn.s.imag.tolist()}))
k = np.array(cases[-1]["closed"]["k"], float)
d = np.array(cases[-1]["closed"]["delta_mag"], float)
assert (k < 1).any() and ((k > 1) & (d < 1)).any() and ((k > 1) & (d > 1)).any(), (k, d)

OUT.write_text(json.dumps({
    "generator": "scripts/gen_amplifier_fixtures.py",
    "scikit_rf": version("scikit-rf"),
    "gamma_s": [GAMMA_S.real, GAMMA_S.imag],
    "gamma_l": [GAMMA_L.real, GAMMA_L.imag],
    "circle_fraction": CIRCLE_FRACTION,
    "cases": cases,
}, indent=1) + "\n")
print(f"wrote {OUT}: {len(cases)} cases")
