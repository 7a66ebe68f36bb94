"""The repository's ParamRF 0.37.6 fixtures (cross-checked with scikit-rf 2.2.0), from Python.

- ``tests/fixtures/catalogue_lumped.json`` and ``catalogue_ideal.json``
  (``scripts/gen_catalogue_fixtures.py``): one case per catalogue part, its type, its values in
  pmrf's flat order (SI) and the reference S at 41 points (scikit-rf's, or ParamRF's where
  scikit-rf has no such part; ``cross`` records ParamRF's agreement); max |S - reference| <= 1e-9
  as in tests/lumped.rs and tests/ideal.rs; a port count in the type (``Open<3>``) is the
  keyword ``ports=``. A case whose part is not in ``pmrf_rs.components`` skips, naming the part.
- ``tests/fixtures/lumped.json`` (``scripts/gen_fixtures.py``): nine circuits against both
  scikit-rf and ParamRF at 1e-13, as tests/reference.rs.
- ``tests/fixtures/derivatives.json``: JAX gradients through ParamRF of ``|S21|^2`` and the exact
  group delay, against ``Model.jacobian`` pushed through the same scalar function (relative
  1e-12, 1e-11 and 1e-10 as tests/reference.rs).

``compose.json`` is scikit-rf's alone (no ParamRF values); test_models.py covers composition.
"""

import inspect
import json
import pathlib

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def load(name):
    return json.loads((FIXTURES / name).read_text())


def reference_s(re, im):
    return np.asarray(re) + 1j * np.asarray(im)


def values(params):
    """The fixture's values, ``"inf"`` for an infinite one."""
    return np.array([np.inf if v == "inf" else float(v) for v in params])


CATALOGUE = [
    pytest.param(file, case, id=f"{file.split('.')[0]}:{case}")
    for file in ("catalogue_lumped.json", "catalogue_ideal.json")
    for case in load(file)["cases"]
]


@pytest.mark.parametrize("file, case", CATALOGUE)
def test_catalogue_agrees_with_paramrf_and_scikit_rf(file, case):
    data = load(file)
    c = data["cases"][case]
    # A port count in the type ("Open<3>") is the keyword ports=.
    kind, _, ports = c["model"].rstrip(">").partition("<")
    part = getattr(pc, kind, None)
    if part is None:
        pytest.skip(f"{c['model']} is not in pmrf_rs.components")
    # Keyword arguments by name, zipped with the fixture's values in pmrf's flat order.
    names = [p for p in inspect.signature(part).parameters if p != "ports"]
    kwargs = dict(zip(names, values(c["params"]), strict=True))
    if ports:
        kwargs["ports"] = int(ports)
    model = part(**kwargs)
    assert model.names == names
    assert model.nports == c["nports"]
    freq = rs.Frequency(np.array(data["frequency_hz"]))
    dev = np.abs(model.s(freq) - reference_s(c["s_re"], c["s_im"])).max()
    assert dev <= 1e-9, f"{case} ({c['model']}): max |S - reference| = {dev:.1e}"


@pytest.mark.parametrize("name", list(load("lumped.json")["circuits"]))
def test_lumped_circuits_agree_with_paramrf_and_scikit_rf(name):
    data = load("lumped.json")
    c = data["circuits"][name]
    model = LUMPED[name]().with_params(np.array(list(c["params"].values())))
    s = model.s(rs.Frequency(np.array(data["frequency_hz"])))
    for source in ("skrf", "paramrf"):
        ref = reference_s(c[source]["re"], c[source]["im"])
        dev = np.abs(s - ref).max()
        assert dev <= 1e-13, f"{name} vs {source}: {dev:.1e}"


# The circuits of scripts/gen_fixtures.py, parameters in the fixture's order (= flat order).
LUMPED = {
    "series_r": lambda: pc.SeriesR(r=1.0),
    "series_l": lambda: pc.SeriesL(l=1.0),
    "series_c": lambda: pc.SeriesC(c=1.0),
    "shunt_r": lambda: pc.ShuntR(r=1.0),
    "shunt_l": lambda: pc.ShuntL(l=1.0),
    "shunt_c": lambda: pc.ShuntC(c=1.0),
    "lowpass": lambda: pc.SeriesL(l=1.0) ** pc.ShuntC(c=1.0) ** pc.SeriesL(l=1.0),
    "series_rlc": lambda: rs.cascade([pc.SeriesR(r=1.0), pc.SeriesL(l=1.0), pc.SeriesC(c=1.0)]),
    "pi_mixed": lambda: rs.cascade(
        [pc.ShuntC(c=1.0), pc.SeriesR(r=1.0), pc.SeriesL(l=1.0), pc.ShuntL(l=1.0), pc.ShuntR(r=1.0)]
    ),
}


def d_s21_squared(model, f):
    """``d|S21|^2 / d(free parameters)`` at ``f`` from the exact Jacobian:
    ``2 Re(conj(S21) dS21/dp)``, the function ParamRF differentiated with JAX."""
    freq = rs.Frequency(np.array([f]))
    s21 = model.s(freq)[0, 1, 0]
    return 2 * np.real(np.conj(s21) * model.jacobian(freq)[0, 1, 0, :])


def test_gradients_match_jax_through_paramrf():
    data = load("derivatives.json")
    d = data["series_c_ds21sq_dc"]
    g = d_s21_squared(pc.SeriesC(c=d["c"]), d["frequency_hz"])
    assert g.shape == (1,)
    assert abs(g[0] / d["value"] - 1) < 1e-12, (g, d["value"])

    d = data["series_rlc_grad_s21sq"]
    p = d["params"]
    rlc = rs.cascade([pc.SeriesR(r=p["r"]), pc.SeriesL(l=p["l"]), pc.SeriesC(c=p["c"])])
    g = d_s21_squared(rlc, d["frequency_hz"])
    np.testing.assert_allclose(g, d["value"], rtol=1e-11)


def test_group_delay_matches_the_exact_derivative():
    # S of an L-C ladder depends on omega only through omega*L and omega*C, so
    # omega dS/domega = sum_p p dS/dp: the group delay from the parameter Jacobian,
    # tau = -Im(dS21/domega / S21).
    d = load("derivatives.json")["lowpass_group_delay_s21"]
    hz = np.array(d["frequency_hz"])
    lowpass = pc.SeriesL(l=3e-9) ** pc.ShuntC(c=2e-12) ** pc.SeriesL(l=3e-9)
    freq = rs.Frequency(hz)
    s21 = lowpass.s(freq)[:, 1, 0]
    ds21 = lowpass.jacobian(freq)[:, 1, 0, :] @ lowpass.values / (2 * np.pi * hz)
    tau = -np.imag(ds21 / s21)
    np.testing.assert_allclose(tau, d["exact"], rtol=1e-10)
    # scikit-rf differentiates numerically (np.gradient): its truncation error, 3 % as in Rust.
    np.testing.assert_allclose(tau, d["skrf"], rtol=0.03)
