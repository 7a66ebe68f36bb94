"""Models written in Rust, used from Python: builds the template crate (python/template, one
user part and `pmrf_rs::export_models!`) into its own extension module `my_models`, then checks
its part against a closed form and its exact Jacobian against central differences, composed
with the catalogue of the same module.

Opt-in (it compiles a second extension module): set PMRF_TEST_TEMPLATE=1 (CI does)."""

import importlib
import inspect
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

if os.environ.get("PMRF_TEST_TEMPLATE") != "1":
    pytest.skip("set PMRF_TEST_TEMPLATE=1 to build and test python/template", allow_module_level=True)

PYTHON = pathlib.Path(__file__).resolve().parents[1]
Z0 = 50.0
HZ = np.linspace(0.1e9, 5e9, 23)
W = 2 * np.pi * HZ


@pytest.fixture(scope="module")
def mm():
    # The engine's crates are those of the main build: share its target dir to reuse them.
    env = dict(os.environ, CARGO_TARGET_DIR=str(PYTHON / "target"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", str(PYTHON / "template")],
        env=env,
        check=True,
        timeout=900,
    )
    importlib.invalidate_caches()
    return importlib.import_module("my_models")


def s_of_abcd(a, b, c, d):
    """S (nfreq, 2, 2) at Z0 of ABCD entries (per frequency)."""
    den = a + b / Z0 + c * Z0 + d
    s11 = (a + b / Z0 - c * Z0 - d) / den
    s12 = 2 * (a * d - b * c) / den
    s21 = 2 / den
    s22 = (-a + b / Z0 - c * Z0 + d) / den
    return np.stack([np.stack([s11, s12], -1), np.stack([s21, s22], -1)], -2)


def z_part(r, l, c, cp):
    """The template part's series impedance: an RLC with cp across it."""
    zs = r + 1j * W * l + 1 / (1j * W * c)
    return zs / (1 + 1j * W * cp * zs)


def test_the_module_holds_the_engine_and_the_part(mm):
    for name in ["Frequency", "Network", "Model", "PmrfError", "cascade", "terminate", "flip", "components"]:
        assert hasattr(mm, name), name
    part = mm.RlcParasitic()
    assert isinstance(part, mm.Model) and part.nports == 2
    assert part.names == ["r", "l", "c", "cp"]
    np.testing.assert_array_equal(part.values, [1.0, 1e-9, 1e-12, 0.1e-12])  # Default
    assert "r, l, c, cp" in mm.RlcParasitic.__doc__
    assert str(inspect.signature(mm.RlcParasitic)) == "(**params)"


def test_keyword_part_cascaded_with_the_catalogue_matches_closed_form(mm):
    r, l, c, cp, c2 = 4.0, 3e-9, 2e-12, 0.2e-12, 1.5e-12
    part = mm.RlcParasitic(r=r, l=l, c=c, cp=cp)
    np.testing.assert_array_equal(part.values, [r, l, c, cp])
    freq = mm.Frequency(HZ)
    one = np.ones_like(W, dtype=complex)
    z = z_part(r, l, c, cp)
    np.testing.assert_allclose(part.s(freq), s_of_abcd(one, z, 0 * one, one), rtol=0, atol=1e-12)
    # Series Z then shunt Y: [[1, Z], [0, 1]] [[1, 0], [Y, 1]] = [[1 + ZY, Z], [Y, 1]].
    y = 1j * W * c2
    for model in [part ** mm.components.ShuntC(c=c2), mm.cascade([part, mm.components.ShuntC(c=c2)])]:
        assert model.names == ["stages[0].r", "stages[0].l", "stages[0].c", "stages[0].cp", "stages[1].c"]
        np.testing.assert_allclose(model.s(freq), s_of_abcd(1 + z * y, z, y, one), rtol=0, atol=1e-12)


def test_jacobian_matches_central_differences(mm):
    model = mm.RlcParasitic(r=4.0, l=3e-9, c=2e-12, cp=0.2e-12) ** mm.components.ShuntC(c=1.5e-12)
    freq = mm.Frequency(HZ)
    jac = model.jacobian(freq)
    v0 = model.values
    cols = []
    for i in range(len(v0)):
        h = 1e-6 * abs(v0[i])
        up, down = v0.copy(), v0.copy()
        up[i] += h
        down[i] -= h
        cols.append((model.with_params(up).s(freq) - model.with_params(down).s(freq)) / (2 * h))
    fd = np.stack(cols, -1)
    assert jac.shape == fd.shape == (len(HZ), 2, 2, 5)
    scale = np.abs(jac).max(axis=(0, 1, 2))
    assert np.all(np.abs(jac - fd).max(axis=(0, 1, 2)) <= 1e-6 * scale)


def test_bad_keyword_arguments_raise(mm):
    with pytest.raises(mm.PmrfError, match="no parameter matches `q`.*r, l, c, cp"):
        mm.RlcParasitic(q=1.0)
    with pytest.raises(mm.PmrfError, match="cp"):
        mm.RlcParasitic(cp=-1e-12)  # below its lower bound 0
    with pytest.raises(mm.PmrfError):
        mm.RlcParasitic(r=float("nan"))
    with pytest.raises(TypeError, match="keyword arguments only"):
        mm.RlcParasitic(1.0)
    with pytest.raises(TypeError, match="`l` must be a real number, got str"):
        mm.RlcParasitic(l="1n")


def test_models_of_two_modules_do_not_mix(mm):
    rs = pytest.importorskip("pmrf_rs")
    with pytest.raises(TypeError):
        mm.RlcParasitic() ** rs.components.ShuntC(c=1e-12)
