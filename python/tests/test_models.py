"""Models from Python: the catalogue's S against closed forms and scikit-rf, composition
(cascade, terminate, flip, **) against scikit-rf, exact Jacobians against central differences,
the parameter table's updates and their errors."""

import json
import pathlib
import threading

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

skrf = pytest.importorskip("skrf")

Z0 = 50.0
FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"
HZ = np.linspace(0.1e9, 5e9, 23)
FREQ = rs.Frequency(HZ)
W = 2 * np.pi * HZ


def series(z):
    """S of a series impedance z (per frequency) between two 50 ohm ports."""
    s11 = z / (z + 2 * Z0)
    s21 = 2 * Z0 / (z + 2 * Z0)
    return np.stack([np.stack([s11, s21], -1), np.stack([s21, s11], -1)], -2)


def shunt(y):
    """S of a shunt admittance y (per frequency) to ground."""
    s11 = -y * Z0 / (2 + y * Z0)
    s21 = 2 / (2 + y * Z0)
    return np.stack([np.stack([s11, s21], -1), np.stack([s21, s11], -1)], -2)


def one_port(z):
    return ((z - Z0) / (z + Z0)).reshape(-1, 1, 1)


def close(got, want, tol=1e-12):
    np.testing.assert_allclose(got, want, rtol=0, atol=tol)


def skrf_media(zc=Z0, gamma=None):
    f = skrf.Frequency.from_f(HZ, unit="Hz")
    return skrf.media.DefinedGammaZ0(f, z0_port=Z0, z0=zc, gamma=gamma)


# ---------------------------------------------------------------------------------------------
# The catalogue


def test_lumped_parts_match_closed_forms():
    r, l, c = 12.0, 3.3e-9, 2.2e-12
    zrlc = r + 1j * W * l + 1 / (1j * W * c)
    cases = [
        (pc.SeriesR(r=r), series(np.full_like(W, r, dtype=complex))),
        (pc.SeriesL(l=l), series(1j * W * l)),
        (pc.SeriesC(c=c), series(1 / (1j * W * c))),
        (pc.ShuntR(r=r), shunt(np.full_like(W, 1 / r, dtype=complex))),
        (pc.ShuntL(l=l), shunt(1 / (1j * W * l))),
        (pc.ShuntC(c=c), shunt(1j * W * c)),
        (pc.SeriesRlc(r=r, l=l, c=c), series(zrlc)),
        (pc.ShuntRlc(r=r, l=l, c=c), shunt(1 / zrlc)),
        (pc.Resistor(r=r), one_port(np.full_like(W, r, dtype=complex))),
        (pc.Inductor(l=l), one_port(1j * W * l)),
        (pc.Capacitor(c=c), one_port(1 / (1j * W * c))),
        (pc.LoadZ(r=30.0, x=-12.0), one_port(np.full_like(W, 30 - 12j, dtype=complex))),
    ]
    for model, want in cases:
        got = model.s(FREQ)
        assert got.shape == want.shape and got.dtype == np.complex128
        close(got, want)


def test_lumped_parts_match_scikit_rf():
    m = skrf_media()
    close(pc.SeriesL(l=3e-9).s(FREQ), m.inductor(3e-9).s)
    close(pc.SeriesC(c=1e-12).s(FREQ), m.capacitor(1e-12).s)
    close(pc.SeriesR(r=25.0).s(FREQ), m.resistor(25.0).s)
    close(pc.ShuntC(c=1e-12).s(FREQ), m.shunt_capacitor(1e-12).s)
    close(pc.ShuntL(l=3e-9).s(FREQ), m.shunt_inductor(3e-9).s)


def test_ideal_parts():
    n = len(HZ)
    close(pc.Open().s(FREQ), np.ones((n, 1, 1)))
    close(pc.Short().s(FREQ), -np.ones((n, 1, 1)))
    close(pc.Match().s(FREQ), np.zeros((n, 1, 1)))
    assert pc.Open().names == [] and pc.Open().jacobian(FREQ).shape == (n, 1, 1, 0)
    k = 10 ** (-6.0 / 20)
    att = pc.Attenuator(loss_db=6.0).s(FREQ)
    close(att, np.broadcast_to(np.array([[0, k], [k, 0]]), (n, 2, 2)))


def test_lines_match_scikit_rf():
    delay = 0.37e-9  # off the full-wave points, where scikit-rf's renormalisation loses digits
    c0 = 299792458.0
    m = skrf_media(gamma=1j * W / c0)
    close(pc.DelayLine(delay=delay).s(FREQ), m.line(delay * c0, "m").s)
    close(pc.DelayLine(delay=delay, z0=75.0).s(FREQ), skrf_media(75.0, 1j * W / c0).line(delay * c0, "m").s)
    r, l, g, c, length = 3.0, 280e-9, 1e-3, 90e-12, 0.3
    zs, yp = r + 1j * W * l, g + 1j * W * c
    rlgc = skrf_media(np.sqrt(zs / yp), np.sqrt(zs * yp)).line(length, "m")
    close(pc.RlgcLine(r=r, l=l, g=g, c=c, length=length).s(FREQ), rlgc.s)


def fixture_s(case):
    return np.array(case["s_re"]) + 1j * np.array(case["s_im"])


def test_coax_and_microstrip_match_scikit_rf_fixtures():
    # The fixtures the Rust tests use (scikit-rf 2.2.0's Coaxial and MLine), at their tolerance.
    fx = json.loads((FIXTURES / "lines_coax.json").read_text())
    freq = rs.Frequency(np.array(fx["frequency_hz"]))
    for name, sigma in [("pec", float("inf")), ("copper_exact", None)]:
        c = fx["cases"][name]
        coax = pc.CoaxialLine(d_in=c["d_in"], d_out=c["d_out"], t_shield=c["t_shield"],
                              length=c["length"], eps_r=c["eps_r"], tand=c["tand"], sigma=sigma)
        close(coax.s(freq), fixture_s(c), 1e-9)
    fx = json.loads((FIXTURES / "lines_microstrip.json").read_text())
    freq = rs.Frequency(np.array(fx["frequency_hz"]))
    c = fx["cases"]["lossless_fr4_1.6mm"]
    ms = pc.Microstrip(w=c["w"], length=c["length"], h=c["h"], t=c["t"], eps_r=c["eps_r"],
                       sigma=float("inf"))
    close(ms.s(freq), fixture_s(c), 1e-9)
    assert ms.names[:3] == ["w", "length", "substrate.h"]


def test_z_y_abcd_are_the_conversions_of_s():
    # A pi network has Z, Y and ABCD.
    m = rs.cascade([pc.ShuntC(c=1e-12), pc.SeriesRlc(r=5.0, l=2e-9, c=3e-12), pc.ShuntR(r=80.0)])
    ntw = skrf.Network(frequency=skrf.Frequency.from_f(HZ, unit="Hz"), s=m.s(FREQ), z0=Z0)
    np.testing.assert_allclose(m.z(FREQ), ntw.z, rtol=1e-11)
    np.testing.assert_allclose(m.y(FREQ), ntw.y, rtol=1e-11)
    np.testing.assert_allclose(m.abcd(FREQ), ntw.a, rtol=1e-11)
    with pytest.raises(rs.PmrfError, match="2-ports"):
        pc.Capacitor(c=1e-12).abcd(FREQ)
    # Z of a series element and Y of a shunt short do not exist.
    with pytest.raises(rs.PmrfError, match="Z"):
        pc.SeriesR(r=10.0).z(FREQ)
    with pytest.raises(rs.PmrfError, match="Y"):
        pc.ShuntR(r=0.0).y(FREQ)
    net = m.network(FREQ)
    assert isinstance(net, rs.Network) and net.nports == 2
    close(net.s, m.s(FREQ), 0)


# ---------------------------------------------------------------------------------------------
# Composition


def test_cascade_and_terminate_match_scikit_rf():
    m = skrf_media()
    parts = [pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.SeriesR(r=7.0)]
    lowpass = rs.cascade(parts)
    assert lowpass.names == ["stages[0].l", "stages[1].c", "stages[2].r"]
    want = m.inductor(5e-9) ** m.shunt_capacitor(2e-12) ** m.resistor(7.0)
    close(lowpass.s(FREQ), want.s)
    close((parts[0] ** parts[1]).s(FREQ), (m.inductor(5e-9) ** m.shunt_capacitor(2e-12)).s)
    load = pc.LoadZ(r=30.0, x=10.0)
    term = rs.terminate(lowpass, load)
    assert term.nports == 1 and term.names[-2:] == ["load.r", "load.x"]
    close(term.s(FREQ), (want ** m.load(((30 + 10j) - Z0) / ((30 + 10j) + Z0))).s)
    flipped = rs.flip(rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)]))
    close(flipped.s(FREQ), (m.shunt_capacitor(2e-12) ** m.inductor(5e-9)).s)
    assert flipped.names == ["network.stages[0].l", "network.stages[1].c"]


def test_composition_rejects_wrong_port_counts():
    with pytest.raises(rs.PmrfError, match="2-port"):
        rs.cascade([pc.SeriesL(l=1e-9), pc.Capacitor(c=1e-12)])
    with pytest.raises(rs.PmrfError, match="at least one"):
        rs.cascade([])
    with pytest.raises(rs.PmrfError, match="1-port"):
        rs.terminate(pc.SeriesL(l=1e-9), pc.SeriesL(l=1e-9))
    with pytest.raises(TypeError):
        rs.cascade([pc.SeriesL(l=1e-9), "not a model"])


# ---------------------------------------------------------------------------------------------
# Jacobians


def central_difference(model, freq, rel=1e-6):
    names, v0 = model.free_names, model.values
    index = {n: i for i, n in enumerate(model.names)}
    cols = []
    for name in names:
        i = index[name]
        h = rel * abs(v0[i])
        up, down = v0.copy(), v0.copy()
        up[i] += h
        down[i] -= h
        cols.append((model.with_params(up).s(freq) - model.with_params(down).s(freq)) / (2 * h))
    return np.stack(cols, -1)


def assert_jacobian(model, freq):
    jac = model.jacobian(freq)
    fd = central_difference(model, freq)
    assert jac.shape == fd.shape and jac.dtype == np.complex128
    scale = np.abs(jac).max(axis=(0, 1, 2))
    assert np.all(np.abs(jac - fd).max(axis=(0, 1, 2)) <= 1e-6 * scale)


def test_jacobian_of_a_leaf_matches_central_differences():
    assert_jacobian(pc.SeriesRlc(r=5.0, l=2e-9, c=3e-12), FREQ)
    assert_jacobian(pc.RlgcLine(r=3.0, l=280e-9, g=1e-3, c=90e-12, length=0.3), FREQ)


def test_jacobian_of_compositions_matches_central_differences():
    three = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.SeriesRlc(r=3.0, l=1e-9, c=4e-12)])
    assert three.jacobian(FREQ).shape == (len(HZ), 2, 2, 5)
    assert_jacobian(three, FREQ)
    assert_jacobian(rs.terminate(three, pc.LoadZ(r=30.0, x=10.0)), FREQ)
    assert_jacobian(rs.flip(three), FREQ)


def test_jacobian_columns_are_the_free_parameters():
    three = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.SeriesR(r=3.0)])
    fixed = three.fixed("stages[1].c")
    assert fixed.free_names == ["stages[0].l", "stages[2].r"]
    full, part = three.jacobian(FREQ), fixed.jacobian(FREQ)
    close(part, full[..., [0, 2]], 0)


# ---------------------------------------------------------------------------------------------
# The parameter table


def test_with_params_round_trips():
    m = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    np.testing.assert_array_equal(m.values, [5e-9, 2e-12])
    m2 = m.with_params({"stages[1].c": 3e-12})
    np.testing.assert_array_equal(m2.values, [5e-9, 3e-12])
    np.testing.assert_array_equal(m.values, [5e-9, 2e-12])  # unchanged
    m3 = m.with_params(np.array([4e-9, 1e-12]))
    close(m3.s(FREQ), rs.cascade([pc.SeriesL(l=4e-9), pc.ShuntC(c=1e-12)]).s(FREQ), 0)


def test_with_params_errors():
    m = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    with pytest.raises(rs.PmrfError, match="stages\\[9\\].c"):
        m.with_params({"stages[9].c": 1e-12})
    with pytest.raises(rs.PmrfError, match="expected 2, got 3"):
        m.with_params(np.array([1e-9, 1e-12, 1.0]))
    with pytest.raises(rs.PmrfError, match="stages\\[1\\].c"):
        m.with_params({"stages[1].c": float("nan")})
    with pytest.raises(rs.PmrfError, match="outside its bounds"):
        m.with_params({"stages[0].l": -1e-9})
    with pytest.raises(TypeError):
        m.with_params(np.array([1, 2], dtype=np.int64))
    with pytest.raises(TypeError):
        m.with_params(np.ones((2, 2)))
    with pytest.raises(rs.PmrfError, match="outside its bounds"):
        pc.SeriesC(c=-1e-12)


def test_fixed_free_bounded_prior_round_trip():
    m = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.ShuntC(c=3e-12)])
    f = m.fixed("*.c")
    assert [r["fixed"] for r in f.table()] == [False, True, True]
    assert f.free("stages[2].c").free_names == ["stages[0].l", "stages[2].c"]
    b = m.bounded("stages[0].l", 1e-9, 1e-8)
    assert b.table()[0]["bounds"] == (1e-9, 1e-8)
    with pytest.raises(rs.PmrfError, match="outside its bounds"):
        b.with_params({"stages[0].l": 2e-8})
    p = m.with_prior("stages[1].c", "normal", 2e-12, 1e-13)
    assert p.table()[1]["prior"].startswith("normal(")
    assert p.with_prior("stages[1].c", None).table()[1]["prior"] is None
    row = m.table()[0]
    assert row == {"name": "stages[0].l", "value": 5e-9, "unit": "H", "scale": 1e-9,
                   "bounds": (0.0, float("inf")), "fixed": False, "free": True,
                   "prior": None, "tied_to": None, "tie_scale": 1.0, "tie_offset": 0.0}
    assert "stages[1].c" in repr(p) and "normal" in repr(p)


def test_metadata_errors():
    m = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    with pytest.raises(rs.PmrfError, match="no parameter matches `\\*.r`"):
        m.fixed("*.r")
    with pytest.raises(rs.PmrfError, match="outside its bounds"):
        m.bounded("stages[0].l", 1e-8, 2e-8)
    with pytest.raises(rs.PmrfError, match="invalid bounds"):
        m.bounded("stages[0].l", 2e-8, 1e-9)
    with pytest.raises(rs.PmrfError, match="unknown prior `cauchy`"):
        m.with_prior("stages[0].l", "cauchy", 1.0, 2.0)
    with pytest.raises(rs.PmrfError, match="takes 2 numbers"):
        m.with_prior("stages[0].l", "normal", 1.0)
    with pytest.raises(rs.PmrfError):
        m.with_prior("stages[0].l", "normal", 5e-9, -1.0)


# ---------------------------------------------------------------------------------------------
# The GIL


def test_evaluation_releases_the_gil():
    freq = rs.Frequency.linspace(0.1, 10.0, 200_001, "GHz")
    model = rs.cascade([pc.SeriesRlc(r=1.0, l=1e-9, c=1e-12)] * 8)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        model.s(freq)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 3


def test_a_model_goes_to_scikit_rf():
    skrf = pytest.importorskip("skrf")
    import pmrf_rs as rs

    freq = rs.Frequency.linspace(0.5, 3.0, 11, "GHz")
    model = rs.components.SeriesC(c=2.2e-12) ** rs.components.ShuntL(l=10e-9)
    ntwk = model.to_skrf(freq)
    assert isinstance(ntwk, skrf.Network)
    np.testing.assert_array_equal(ntwk.s, model.s(freq))
    np.testing.assert_array_equal(ntwk.f, freq.hz)
