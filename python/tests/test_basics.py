"""The package imports, crosses numpy both ways exactly, reads and writes Touchstone, and turns
pmrf's errors into PmrfError."""

import numpy as np
import pytest

import pmrf_rs as rs


def test_frequency_grid():
    f = rs.Frequency.linspace(1.0, 3.0, 201, "GHz")
    assert len(f) == 201 and f.unit == "GHz"
    np.testing.assert_array_equal(f.hz, np.linspace(1e9, 3e9, 201))
    g = rs.Frequency(np.array([1.0, 2.0, 3.0]) * 1e6, "MHz")
    assert g.unit == "MHz" and g.hz[1] == 2e6


def test_bad_grids_raise_pmrf_errors():
    with pytest.raises(rs.PmrfError, match="unit"):
        rs.Frequency.linspace(1.0, 3.0, 11, "furlongs")
    with pytest.raises(rs.PmrfError):
        rs.Frequency(np.array([3.0, 2.0, 1.0]))
    with pytest.raises(rs.PmrfError):
        rs.Frequency(np.array([1.0, np.nan]))
    assert issubclass(rs.PmrfError, ValueError)


def test_network_round_trips_numpy_and_touchstone(tmp_path):
    f = rs.Frequency.linspace(1.0, 2.0, 5, "GHz")
    rng = np.random.default_rng(1)
    s = rng.normal(size=(5, 2, 2)) + 1j * rng.normal(size=(5, 2, 2))
    net = rs.Network(f, s, name="random")
    assert net.nports == 2 and len(net) == 5
    np.testing.assert_array_equal(net.s, s)
    path = tmp_path / "random.s2p"
    net.write(path)
    back = rs.Network.read(path)
    np.testing.assert_allclose(back.s, s, rtol=1e-12, atol=1e-14)


def test_bad_input_raises_not_crashes(tmp_path):
    f = rs.Frequency.linspace(1.0, 2.0, 5, "GHz")
    with pytest.raises(rs.PmrfError):
        rs.Network(f, np.zeros((4, 2, 2), dtype=complex))
    with pytest.raises(TypeError):
        rs.Network(f, np.zeros((5, 2, 2), dtype=np.float32))
    bad = tmp_path / "bad.s2p"
    bad.write_text("# GHz S RI R 50\n1.0 0.1 0.2\n")
    with pytest.raises(rs.PmrfError, match="bad.s2p"):
        rs.Network.read(bad)
