"""Generate the Python reference fixtures under tests/fixtures/.

Run once, by hand, outside CI (the Rust tests only read the committed JSON):

    python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements.txt
    .venv/bin/python scripts/gen_fixtures.py

Writes
  tests/fixtures/lumped.json       S-parameters of 2-port lumped circuits, by both
                                   scikit-rf and ParamRF (asserted to agree to 1e-9)
  tests/fixtures/derivatives.json  JAX gradients (per SI unit, checked against central
                                   differences) and scikit-rf group delay
"""
import json
import platform
from functools import reduce
from importlib.metadata import version
from pathlib import Path

import pmrf as prf  # import before jax/numpy: it enables float64 and pins BLAS threads
import jax
import jax.numpy as jnp
import numpy as np
import skrf as rf
from pmrf.models import (Capacitor, Inductor, Resistor, ShuntCapacitor,
                         ShuntInductor, ShuntResistor)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures"
Z0 = 50.0
TOL = 1e-9

VERSIONS = {p: version(p) for p in ("scikit-rf", "paramrf", "jax", "jaxlib", "equinox", "numpy")}
VERSIONS["python"] = platform.python_version()

freq_skrf = rf.Frequency(100, 10000, 41, "MHz")
freq_prf = prf.Frequency(100, 10000, 41, "MHz")
assert np.array_equal(freq_skrf.f, np.asarray(freq_prf.f))
media = rf.media.DefinedGammaZ0(freq_skrf, z0=Z0)

# Element kind -> (scikit-rf builder, ParamRF model class)
ELEMENTS = {
    "series_r": (media.resistor, Resistor),
    "series_l": (media.inductor, Inductor),
    "series_c": (media.capacitor, Capacitor),
    "shunt_r": (media.shunt_resistor, ShuntResistor),  # = shunt(resistor ** short)
    "shunt_l": (media.shunt_inductor, ShuntInductor),
    "shunt_c": (media.shunt_capacitor, ShuntCapacitor),
}

# name -> (description, [(param name, element kind, SI value), ...] cascaded port 2 -> port 1)
CIRCUITS = {
    "series_r": ("series resistor R = 75 ohm", [("r", "series_r", 75.0)]),
    "series_l": ("series inductor L = 3 nH", [("l", "series_l", 3e-9)]),
    "series_c": ("series capacitor C = 1.5 pF", [("c", "series_c", 1.5e-12)]),
    "shunt_r": ("shunt resistor R = 100 ohm", [("r", "shunt_r", 100.0)]),
    "shunt_l": ("shunt inductor L = 8 nH", [("l", "shunt_l", 8e-9)]),
    "shunt_c": ("shunt capacitor C = 2 pF", [("c", "shunt_c", 2e-12)]),
    "lowpass": ("cascade: series L 3 nH -> shunt C 2 pF -> series L 3 nH",
                [("l1", "series_l", 3e-9), ("c", "shunt_c", 2e-12), ("l2", "series_l", 3e-9)]),
    "series_rlc": ("cascade: series R 5 ohm -> series L 3 nH -> series C 1 pF",
                   [("r", "series_r", 5.0), ("l", "series_l", 3e-9), ("c", "series_c", 1e-12)]),
    "pi_mixed": ("cascade: shunt C 1 pF -> series R 20 ohm -> series L 5 nH -> shunt L 10 nH -> shunt R 200 ohm",
                 [("c", "shunt_c", 1e-12), ("r", "series_r", 20.0), ("l1", "series_l", 5e-9),
                  ("l2", "shunt_l", 10e-9), ("r2", "shunt_r", 200.0)]),
}


def build_skrf(elems):
    return reduce(lambda a, b: a ** b, [ELEMENTS[k][0](v) for _, k, v in elems])


def build_prf(elems, values=None):
    # `values` lets the gradient code pass traced SI values in place of the constants.
    values = [v for _, _, v in elems] if values is None else values
    return reduce(lambda a, b: a ** b, [ELEMENTS[k][1](v) for (_, k, _), v in zip(elems, values)])


def reim(s):
    s = np.asarray(s)
    assert s.shape == (41, 2, 2)  # [freq][receiving port][driving port]
    return {"re": s.real.tolist(), "im": s.imag.tolist()}


def lumped():
    circuits, worst = {}, 0.0
    for name, (desc, elems) in CIRCUITS.items():
        s_skrf = build_skrf(elems).s
        s_prf = np.asarray(build_prf(elems).s(freq_prf))
        diff = np.max(np.abs(s_skrf - s_prf))
        print(f"{name:11s} max |S_skrf - S_paramrf| = {diff:.3e}")
        assert diff < TOL, name
        worst = max(worst, diff)
        circuits[name] = {"description": desc, "params": {p: v for p, _, v in elems},
                          "skrf": reim(s_skrf), "paramrf": reim(s_prf)}
    print(f"overall max difference = {worst:.3e}")
    return {"generator": "scripts/gen_fixtures.py", "versions": VERSIONS, "z0": Z0,
            "s_def": "power waves, real 50 ohm reference on both ports",
            "layout": "re/im[k][i][j]: frequency k, receiving port i, driving port j (S21 = [k][1][0])",
            "max_abs_diff_skrf_vs_paramrf": worst,
            "frequency_hz": freq_skrf.f.tolist(), "circuits": circuits}


def s21_power(elems, f_hz):
    """|S21|^2 at one frequency as a function of the SI element values."""
    freq = prf.Frequency.from_f(jnp.array([f_hz]))
    # Values are plain float64 jax arrays: ParamRF treats them as free parameters with
    # scale 1, so jax.grad is per SI unit. (A Python float becomes a *Fixed* param whose
    # gradient is 0, and a Param with scale=1e-12 gives d/d(pF), i.e. 1e-12 x per-SI.)
    return lambda x: jnp.abs(build_prf(elems, list(x)).s(freq)[0, 1, 0]) ** 2


def checked_grad(fn, x):
    x = jnp.asarray(x, dtype=jnp.float64)
    g = np.asarray(jax.grad(fn)(x))
    for i in range(len(x)):  # central difference, step relative to each value
        h = 1e-6 * float(x[i])
        cd = (fn(x.at[i].add(h)) - fn(x.at[i].add(-h))) / (2 * h)
        assert abs(g[i] - cd) <= 1e-5 * abs(g[i]), (i, g[i], cd)
    return g.tolist()


def derivatives():
    # d|S21|^2/dC, series C = 1 pF at 2 GHz; closed form: x = 2 w C Z0, |S21|^2 = x^2/(1+x^2)
    sc = [("c", "series_c", 1e-12)]
    (dc,) = checked_grad(s21_power(sc, 2e9), [1e-12])
    w = 2 * np.pi * 2e9
    x = 2 * w * 1e-12 * Z0
    assert abs(dc - 2 * x / (1 + x * x) ** 2 * 2 * w * Z0) < 1e-9 * abs(dc)
    print(f"d|S21|^2/dC (series C, 2 GHz) = {dc!r} per F")

    _, rlc = CIRCUITS["series_rlc"]
    g_rlc = checked_grad(s21_power(rlc, 1e9), [v for _, _, v in rlc])
    print(f"grad |S21|^2 (series_rlc, 1 GHz) wrt (R, L, C) = {g_rlc}")

    # Group delay: scikit-rf's -d(unwrapped arg S21)/d(omega) by np.gradient over the grid
    # (2nd-order central inside, 1st-order one-sided at both ends), plus the exact
    # derivative by JAX forward mode, -Im(S21'/S21) / (2 pi), for comparison.
    _, lp = CIRCUITS["lowpass"]
    gd_skrf = build_skrf(lp).group_delay[:, 1, 0].real
    model = build_prf(lp)
    s21 = lambda fhz: model.s(prf.Frequency.from_f(fhz[None]))[0, 1, 0]
    fs = jnp.asarray(freq_skrf.f)
    gd_exact = -jnp.imag(jax.vmap(jax.jacfwd(s21))(fs) / jax.vmap(s21)(fs)) / (2 * np.pi)
    print(f"lowpass group delay: skrf vs exact max rel diff = "
          f"{np.max(np.abs(gd_skrf - gd_exact) / np.abs(gd_exact)):.2e}")

    return {
        "generator": "scripts/gen_fixtures.py", "versions": VERSIONS, "z0": Z0,
        "series_c_ds21sq_dc": {
            "description": "d|S21|^2/dC of a series capacitor, C = 1e-12 F, at 2e9 Hz, per farad "
                           "(JAX autodiff via ParamRF, checked against central difference and closed form)",
            "c": 1e-12, "frequency_hz": 2e9, "value": dc},
        "series_rlc_grad_s21sq": {
            "description": "gradient of |S21|^2 of series_rlc (series R 5 -> L 3e-9 -> C 1e-12) at 1e9 Hz "
                           "wrt (R, L, C), per ohm / henry / farad (JAX autodiff via ParamRF, checked "
                           "against central differences)",
            "params": {p: v for p, _, v in rlc}, "order": ["r", "l", "c"],
            "frequency_hz": 1e9, "value": g_rlc},
        "lowpass_group_delay_s21": {
            "description": "group delay of S21 of lowpass (series L 3e-9 -> shunt C 2e-12 -> series L 3e-9) "
                           "in seconds, tau = -d(unwrapped arg S21)/d(omega). 'skrf' is scikit-rf "
                           "Network.group_delay: numpy.gradient over frequency_hz (2nd-order central "
                           "differences inside, 1st-order one-sided at both ends). 'exact' is the "
                           "analytic derivative by JAX forward mode through ParamRF.",
            "frequency_hz": freq_skrf.f.tolist(), "skrf": gd_skrf.tolist(),
            "exact": np.asarray(gd_exact).tolist()},
    }


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("lumped.json", lumped()), ("derivatives.json", derivatives())):
        (OUT / name).write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {(OUT / name).relative_to(ROOT)}")
