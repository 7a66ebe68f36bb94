"""The border: Network's Z/Y/ABCD, features and algebra against scikit-rf on the same data,
Touchstone round trips, numpy views and checks, and scikit-rf conversions that round-trip
exactly."""

import pathlib
import runpy
import sys

import numpy as np
import pytest

import pmrf_rs as rs

skrf = pytest.importorskip("skrf")

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
RING = DATA / "network_ops" / "ring slot.s2p"
LINE = DATA / "network_ops" / "line.s2p"
TEE = DATA / "touchstone" / "tee.s3p"
FOUR = DATA / "mixed_mode" / "ex_14.s4p"
NOISY = DATA / "touchstone" / "v1_2port_noise_ma.s2p"


def close(a, b, rtol=1e-12):
    """Agreement relative to the largest entry of b (as the Rust tests compare matrices)."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    scale = max(np.nanmax(np.abs(b)), 1.0)
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    assert np.nanmax(np.abs(a - b)) <= rtol * scale, np.nanmax(np.abs(a - b)) / scale


def both(path):
    return rs.Network.read(path), skrf.Network(str(path))


# --- reading: the same numbers as scikit-rf -------------------------------------------------


@pytest.mark.parametrize("path", [RING, LINE, TEE, FOUR, NOISY])
def test_read_matches_skrf(path):
    net, ref = both(path)
    assert net.nports == ref.nports and len(net) == len(ref)
    np.testing.assert_array_equal(net.f, ref.f)
    np.testing.assert_array_equal(net.z0, ref.z0)
    close(net.s, ref.s)  # MA files: two ways of turning degrees into a phasor


def test_noisy_file_keeps_the_s_part():
    net, ref = both(NOISY)
    assert len(net) == 4  # the noise block's 3 points are not S points
    close(net["s21"], ref.s[:, 1, 0])


# --- Z, Y, ABCD, features ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [RING, LINE, FOUR])
def test_z_y_match_skrf(path):
    net, ref = both(path)
    close(net.z, ref.z)
    close(net.y, ref.y)


def test_z_y_of_a_random_3_port_at_complex_references_match_skrf():
    # (The shipped tee.s3p is an ideal junction: neither its Z nor its Y exists.)
    rng = np.random.default_rng(7)
    s = 0.3 * (rng.normal(size=(5, 3, 3)) + 1j * rng.normal(size=(5, 3, 3)))
    z0 = np.array([50.0, 30.0 - 20.0j, 75.0 + 5.0j])
    net = rs.Network(rs.Frequency.linspace(1.0, 2.0, 5, "GHz"), s, z0=z0)
    ref = net.to_skrf()
    assert ref.s_def == "power"
    close(net.z, ref.z)
    close(net.y, ref.y)


@pytest.mark.parametrize("path", [RING, LINE])
def test_abcd_matches_skrf(path):
    net, ref = both(path)
    close(net.abcd, ref.a)


def test_closed_forms_of_a_series_resistor():
    # A series 30 ohm between 50 ohm ports: Z is singular (NaN), Y = [[1, -1], [-1, 1]] / 30,
    # ABCD = [[1, 30], [0, 1]].
    r = 30.0
    s11 = r / (r + 100.0)
    s21 = 100.0 / (r + 100.0)
    s = np.array([[[s11, s21], [s21, s11]]] * 2, dtype=complex)
    net = rs.Network(rs.Frequency(np.array([1e9, 2e9])), s)
    close(net.y[0], np.array([[1, -1], [-1, 1]]) / r)
    close(net.abcd[1], np.array([[1, r], [0, 1]]))
    assert np.isnan(net.z).all() or np.abs(net.z).max() > 1e12


def test_features_and_entries_match_skrf():
    net, ref = both(TEE)
    close(net.s_db, ref.s_db)
    close(net.s_deg, ref.s_deg)
    close(net.s_mag, ref.s_mag)
    np.testing.assert_array_equal(net["s31"], ref.s[:, 2, 0])
    np.testing.assert_array_equal(net["S1_3"], ref.s[:, 0, 2])
    with pytest.raises(rs.PmrfError, match="s41"):
        net["s41"]
    with pytest.raises(rs.PmrfError):
        net["z21"]
    with pytest.raises(TypeError):
        net[0]


# --- algebra -------------------------------------------------------------------------------------


def test_cascade_connect_match_skrf():
    (line, rline), (ring, rring) = both(LINE), both(RING)
    close((line ** ring).s, (rline ** rring).s)
    close(line.cascade(ring).s, (rline ** rring).s)
    close(line.connect(1, ring, 0).s, skrf.network.connect(rline, 1, rring, 0).s)
    four, rfour = both(FOUR)
    close(four.inner_connect(1, 2).s, skrf.network.innerconnect(rfour, 1, 2).s)
    tee, rtee = both(TEE)
    close(tee.subnetwork([2, 0]).s, rtee.subnetwork([2, 0]).s)
    close(ring.flipped().s, rring.flipped().s)


def test_renormalize_inverse_deembed_match_skrf():
    (line, rline), (ring, rring) = both(LINE), both(RING)
    for z0 in [75.0, np.array([30.0, 80.0 + 10.0j])]:
        ref = rring.copy()
        ref.renormalize(z0)
        net = ring.renormalized(z0)
        close(net.s, ref.s)
        np.testing.assert_array_equal(net.z0, ref.z0)
    close(ring.inverse().s, rring.inv.s)
    measured = line ** ring ** line
    back = measured.deembed(left=line, right=line)
    close(back.s, (rline.inv ** (rline ** rring ** rline) ** rline.inv).s)
    close(back.s, ring.s, rtol=1e-10)
    with pytest.raises(rs.PmrfError, match="s_def"):
        ring.renormalized(50.0, s_def="travelling")


def test_interpolate_matches_skrf():
    net, ref = both(RING)
    grid = rs.Frequency.linspace(80.0, 100.0, 37, "GHz")
    close(net.interpolate(grid).s, ref.interpolate(grid.to_skrf()).s)
    close(net.interpolate(grid, "cubic").s, ref.interpolate(grid.to_skrf(), kind="cubic").s, 1e-3)
    at_points = net.interpolate(net.frequency, "mag_phase")
    close(at_points.s, net.s)
    with pytest.raises(rs.PmrfError, match="interpolation"):
        net.interpolate(grid, "spline")
    outside = rs.Frequency.linspace(60.0, 70.0, 3, "GHz")
    with pytest.raises(rs.PmrfError):
        net.interpolate(outside)
    band = (ref.f >= 80e9) & (ref.f <= 90e9)
    np.testing.assert_array_equal(net.cropped(80e9, 90e9).s, ref.s[band])


# --- Touchstone ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["RI", "MA", "DB"])
def test_touchstone_round_trips(tmp_path, fmt):
    net = rs.Network.read(FOUR)
    path = tmp_path / "four.s4p"
    net.write(path, format=fmt, unit="MHz")
    back = rs.Network.read(path)
    assert back.frequency.unit == "MHz" and back.frequency == net.frequency
    if fmt == "RI":
        np.testing.assert_array_equal(back.s, net.s)  # shortest round-trip decimals: exact
    else:
        close(back.s, net.s)
    # scikit-rf reads what we write.
    close(skrf.Network(str(path)).s, net.s)


def test_touchstone_v2_keeps_per_port_references(tmp_path):
    ring = rs.Network.read(RING).renormalized(np.array([25.0, 75.0]))
    path = tmp_path / "ring.ts"
    ring.write(path, version=2)
    back = rs.Network.read(path)
    np.testing.assert_array_equal(back.z0, ring.z0)
    np.testing.assert_array_equal(back.s, ring.s)
    with pytest.raises(rs.PmrfError, match="format"):
        ring.write(tmp_path / "x.s2p", format="XY")
    with pytest.raises(rs.PmrfError, match="version"):
        ring.write(tmp_path / "x.s2p", version=3)
    with pytest.raises(rs.PmrfError, match="s3p"):
        ring.write(tmp_path / "x.s3p")


# --- scikit-rf conversions: exact round trips ---------------------------------------------


@pytest.mark.parametrize(
    "ref", [skrf.data.ring_slot, skrf.Network(str(FOUR)), skrf.Network(str(TEE))]
)
def test_skrf_round_trips_exactly(ref):
    net = rs.Network.from_skrf(ref)
    np.testing.assert_array_equal(net.s, ref.s)
    np.testing.assert_array_equal(net.f, ref.f)
    np.testing.assert_array_equal(net.z0, ref.z0)
    assert net.name == ref.name and net.frequency.unit == ref.frequency.unit
    back = net.to_skrf()
    assert isinstance(back, skrf.Network)
    np.testing.assert_array_equal(back.s, ref.s)
    np.testing.assert_array_equal(back.f, ref.f)
    np.testing.assert_array_equal(back.z0, ref.z0)
    assert back.name == ref.name
    assert rs.Network.from_skrf(back) == net


def test_frequency_to_and_from_skrf():
    f = rs.Frequency.linspace(1.0, 3.0, 7, "MHz")
    g = f.to_skrf()
    assert isinstance(g, skrf.Frequency) and g.unit == "MHz"
    np.testing.assert_array_equal(g.f, f.hz)
    assert rs.Frequency.from_skrf(g) == f and rs.Frequency.from_skrf(g).unit == "MHz"


def test_missing_skrf_is_a_clear_import_error(monkeypatch):
    import pmrf_rs.skrf as border

    monkeypatch.setitem(sys.modules, "skrf", None)
    with pytest.raises(ImportError, match="pip install scikit-rf"):
        border._skrf()
    with pytest.raises(ImportError, match="scikit-rf"):
        rs.Network.read(RING).to_skrf()


# --- Frequency -----------------------------------------------------------------------------


def test_frequency_accessors():
    f = rs.Frequency.linspace(1.0, 2.0, 5, "GHz")
    np.testing.assert_array_equal(f.scaled, np.linspace(1.0, 2.0, 5))
    assert (f.start, f.stop) == (1e9, 2e9)
    np.testing.assert_array_equal(np.asarray(f), f.hz)
    assert np.asarray(f, dtype=np.float32).dtype == np.float32
    assert f == f.with_unit("MHz") and f.with_unit("MHz").unit == "MHz"
    assert f != rs.Frequency.linspace(1.0, 2.0, 6, "GHz") and f != "f"
    np.testing.assert_array_equal(rs.Frequency([1, 2, 3], "kHz").hz, [1.0, 2.0, 3.0])
    with pytest.raises((TypeError, ValueError)):
        rs.Frequency(["one GHz"])
    with pytest.raises(TypeError):
        rs.Frequency(np.ones((2, 2)))


# --- numpy at the border -------------------------------------------------------------------


def test_outputs_are_read_only_views_of_rust_memory():
    net = rs.Network.read(RING)
    s = net.s
    assert not s.flags.writeable and s.base is not None
    assert np.shares_memory(s, net.s)  # the same memory each time: no copies
    with pytest.raises(ValueError):
        s[0, 0, 0] = 0
    hz = net.frequency.hz
    assert not hz.flags.writeable
    del net
    assert s.shape == (201, 2, 2) and np.isfinite(s).all()  # the view keeps its owner alive
    z = rs.Network.read(RING).z
    assert z.flags.writeable  # computed arrays are the caller's


def test_inputs_in_any_layout():
    f = rs.Frequency.linspace(1.0, 2.0, 4, "GHz")
    rng = np.random.default_rng(3)
    big = rng.normal(size=(4, 6, 6)) + 1j * rng.normal(size=(4, 6, 6))
    for s in [np.asfortranarray(big[:, :2, :2]), big[:, ::3, ::3], big[:, :2, :2].transpose(0, 2, 1)]:
        net = rs.Network(f, s)
        np.testing.assert_array_equal(net.s, s)
    net = rs.Network(f, big[:, :2, :2], z0=np.array([25.0, 75.0]))
    np.testing.assert_array_equal(net.z0, np.tile([25.0, 75.0], (4, 1)))
    net = rs.Network(f, big[:, :2, :2], z0=30 + 5j)
    assert (net.z0 == 30 + 5j).all()


def test_bad_arrays_raise_clear_errors():
    f = rs.Frequency.linspace(1.0, 2.0, 4, "GHz")
    s = np.zeros((4, 2, 2), dtype=complex)
    with pytest.raises(TypeError, match=r"complex128.*\(nfreq, n, n\).*float32"):
        rs.Network(f, s.real.astype(np.float32))
    with pytest.raises(TypeError, match=r"\(nfreq, n, n\).*shape \(4, 4\)"):
        rs.Network(f, np.zeros((4, 4), dtype=complex))
    with pytest.raises(TypeError, match="list"):
        rs.Network(f, [[[0j]]])
    with pytest.raises(rs.PmrfError, match=r"\(4, n, n\)"):
        rs.Network(f, np.zeros((3, 2, 2), dtype=complex))
    with pytest.raises(rs.PmrfError, match="z0"):
        rs.Network(f, s, z0=np.array([50.0, 50.0, 50.0]))
    with pytest.raises(rs.PmrfError, match="positive real part"):
        rs.Network(f, s, z0=np.nan)
    with pytest.raises(rs.PmrfError, match="positive real part"):
        rs.Network(f, s, z0=-50.0)
    with pytest.raises(rs.PmrfError, match="finite"):
        rs.Network(f, np.full((4, 2, 2), np.inf, dtype=complex))
    with pytest.raises(rs.PmrfError, match="2-ports"):
        rs.Network.read(TEE).abcd
    many = rs.Network(f, np.zeros((4, 17, 17), dtype=complex))
    with pytest.raises(rs.PmrfError, match="17-port.*16 ports"):
        many.z
    assert many.s_db.shape == (4, 17, 17) and many["s17_1"].shape == (4,)
    with pytest.raises(rs.PmrfError, match="cascade"):
        rs.Network.read(TEE) ** rs.Network.read(TEE)


# --- the example -----------------------------------------------------------------------------


def test_example_runs_without_plotting(monkeypatch, capsys):
    monkeypatch.setenv("PMRF_NO_PLOT", "1")
    runpy.run_path(str(ROOT / "examples" / "python" / "measure_and_plot.py"), run_name="__main__")
    assert "de-embedded" in capsys.readouterr().out
