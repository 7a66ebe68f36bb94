"""Ties from Python (`Model.tied` / `untied`): a symmetric L-C-L cascade with `stages[2].l`
tied to `stages[0].l` against the untied model, its Jacobian against central differences, a
fit recovering the tied truth, affine maps and chains, the table and repr, and pmrf's errors
(cycle, unknown name, unit mismatch, tied value out of bounds) as PmrfError."""

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

FREQ = rs.Frequency(np.linspace(0.1e9, 4e9, 41))


def lcl(l0=6e-9, c=2.5e-12, l2=6e-9):
    return rs.cascade([pc.SeriesL(l=l0), pc.ShuntC(c=c), pc.SeriesL(l=l2)])


def tied_lcl(l0=6e-9, c=2.5e-12):
    return lcl(l0, c, 1e-9).tied("stages[2].l", "stages[0].l")


def test_tied_model_equals_the_untied_one_at_equal_values():
    m = tied_lcl(6e-9)
    np.testing.assert_array_equal(m.values, [6e-9, 2.5e-12, 6e-9])
    np.testing.assert_array_equal(m.s(FREQ), lcl(6e-9, 2.5e-12, 6e-9).s(FREQ))
    assert m.free_names == ["stages[0].l", "stages[1].c"]
    # The tied value follows its source through with_params.
    m2 = m.with_params({"stages[0].l": 4e-9})
    np.testing.assert_array_equal(m2.values, [4e-9, 2.5e-12, 4e-9])
    np.testing.assert_array_equal(m2.s(FREQ), lcl(4e-9, 2.5e-12, 4e-9).s(FREQ))
    # A full array whose tied entry is left as it was, or is what the tie gives, is accepted.
    m3 = m.with_params(np.array([5e-9, 2.5e-12, 6e-9]))
    np.testing.assert_array_equal(m3.values, [5e-9, 2.5e-12, 5e-9])


def central_differences(model, h_rel=1e-6):
    cols = []
    for name in model.free_names:
        v = dict(zip(model.names, model.values))[name]
        h = v * h_rel
        plus = model.with_params({name: v + h}).s(FREQ)
        minus = model.with_params({name: v - h}).s(FREQ)
        cols.append((plus - minus) / (2 * h))
    return np.stack(cols, axis=-1)


def test_jacobian_has_one_column_fewer_and_matches_central_differences():
    m = tied_lcl()
    j = m.jacobian(FREQ)
    assert j.shape == (41, 2, 2, 2)
    assert lcl().jacobian(FREQ).shape[-1] == 3
    fd = central_differences(m)
    np.testing.assert_allclose(j, fd, rtol=0, atol=1e-6 * np.abs(fd).max())
    # The folded column is the sum of the untied model's two L columns.
    ju = lcl().jacobian(FREQ)
    np.testing.assert_allclose(j[..., 0], ju[..., 0] + ju[..., 2], rtol=1e-13, atol=0)
    np.testing.assert_allclose(j[..., 1], ju[..., 1], rtol=1e-13, atol=0)


def test_scale_and_offset():
    m = lcl(6e-9, 2.5e-12, 1e-9).tied("stages[2].l", "stages[0].l", scale=0.5, offset=1e-9)
    np.testing.assert_allclose(m.values, [6e-9, 2.5e-12, 4e-9], rtol=1e-15)
    m2 = m.with_params({"stages[0].l": 8e-9})
    np.testing.assert_allclose(m2.values[2], 5e-9, rtol=1e-15)
    ju = lcl(6e-9, 2.5e-12, 4e-9).jacobian(FREQ)
    np.testing.assert_allclose(m.jacobian(FREQ)[..., 0], ju[..., 0] + 0.5 * ju[..., 2],
                               rtol=1e-13, atol=0)
    fd = central_differences(m)
    np.testing.assert_allclose(m.jacobian(FREQ), fd, rtol=0, atol=1e-6 * np.abs(fd).max())


def test_globs_chains_and_untie():
    m = rs.cascade([pc.SeriesL(l=1e-9), pc.SeriesL(l=2e-9), pc.SeriesL(l=3e-9)])
    # A glob on the left: both stages of the inner cascade follow the first stage.
    nested = rs.cascade([pc.SeriesL(l=1e-9), rs.cascade([pc.SeriesL(l=2e-9), pc.SeriesL(l=3e-9)])])
    g = nested.tied("stages[1].*", "stages[0].l")
    np.testing.assert_array_equal(g.values, [1e-9, 1e-9, 1e-9])
    assert g.free_names == ["stages[0].l"]
    assert [r["tied_to"] for r in g.table()] == [None, "stages[0].l", "stages[0].l"]
    # A chain: 2 follows 1 (x2), which follows 0 (x3): d l2 / d l0 = 6.
    c = m.tied("stages[1].l", "stages[0].l", scale=3.0).tied("stages[2].l", "stages[1].l", 2.0)
    np.testing.assert_allclose(c.values, [1e-9, 3e-9, 6e-9], rtol=1e-15)
    np.testing.assert_allclose(c.with_params({"stages[0].l": 2e-9}).values, [2e-9, 6e-9, 12e-9])
    fd = central_differences(c)
    np.testing.assert_allclose(c.jacobian(FREQ), fd, rtol=0, atol=1e-6 * np.abs(fd).max())
    # Untie the middle: it keeps its value and is free; 2 now follows it.
    u = c.untied("stages[1].l")
    assert u.free_names == ["stages[0].l", "stages[1].l"]
    np.testing.assert_allclose(u.with_params({"stages[1].l": 5e-9}).values, [1e-9, 5e-9, 10e-9])
    # Untying everything gives the plain model back.
    plain = c.untied("*")
    assert plain.free_names == m.names and all(r["tied_to"] is None for r in plain.table())


def test_ties_survive_fixed_bounded_and_show_in_table_and_repr():
    m = tied_lcl().fixed("stages[1].c").bounded("stages[*].l", 1e-9, 1e-8)
    assert m.free_names == ["stages[0].l"]
    row = m.table()[2]
    assert row["tied_to"] == "stages[0].l" and row["free"] is False
    assert "tied to stages[0].l" in repr(m)
    # Fixing the follower changes nothing: it still follows, its derivative still counts.
    f = tied_lcl().fixed("stages[2].l")
    np.testing.assert_allclose(f.jacobian(FREQ), tied_lcl().jacobian(FREQ), rtol=1e-14)
    # Ties of parts carry into composites built from them.
    part = rs.cascade([pc.SeriesL(l=2e-9), pc.SeriesL(l=1e-9)]).tied("stages[1].l", "stages[0].l")
    whole = rs.cascade([part, pc.ShuntC(c=1e-12)])
    assert whole.table()[1]["tied_to"] == "stages[0].stages[0].l"
    np.testing.assert_allclose(whole.with_params({"stages[0].stages[0].l": 3e-9}).values[:2],
                               [3e-9, 3e-9])
    fd = central_differences(whole)
    np.testing.assert_allclose(whole.jacobian(FREQ), fd, rtol=0, atol=1e-6 * np.abs(fd).max())


def test_fit_recovers_the_tied_truth():
    truth = tied_lcl(6e-9, 2.5e-12)
    start = tied_lcl(4e-9, 3.5e-12)
    result = rs.fit(start, truth.network(FREQ))
    assert result.converged and result.names == ["stages[0].l", "stages[1].c"]
    np.testing.assert_allclose(result.values, [6e-9, 2.5e-12], rtol=1e-8)
    np.testing.assert_allclose(result.model.values, [6e-9, 2.5e-12, 6e-9], rtol=1e-8)


def test_tie_errors():
    m = lcl()
    with pytest.raises(rs.PmrfError, match="cannot be tied to itself"):
        m.tied("stages[0].l", "stages[0].l")
    with pytest.raises(rs.PmrfError, match="cycle"):
        m.tied("stages[2].l", "stages[0].l").tied("stages[0].l", "stages[2].l")
    with pytest.raises(rs.PmrfError, match="stages\\[9\\].l"):
        m.tied("stages[2].l", "stages[9].l")
    with pytest.raises(rs.PmrfError, match="no parameter matches"):
        m.tied("stages[7].*", "stages[0].l")
    with pytest.raises(rs.PmrfError, match="units differ"):
        m.tied("stages[2].l", "stages[1].c")
    with pytest.raises(rs.PmrfError, match="stages\\[2\\].l.*tied to.*stages\\[0\\].l"):
        lcl(l2=3e-9).bounded("stages[2].l", 1e-9, 5e-9).tied("stages[2].l", "stages[0].l")
    with pytest.raises(rs.PmrfError, match="non-zero scale"):
        m.tied("stages[2].l", "stages[0].l", scale=0.0)
    with pytest.raises(rs.PmrfError, match="finite"):
        m.tied("stages[2].l", "stages[0].l", offset=float("nan"))
    t = m.tied("stages[2].l", "stages[0].l")
    # Setting the tied parameter itself is an error, as in pmrf; so is a source value that
    # takes the follower out of its bounds, and new bounds that exclude the tied value.
    with pytest.raises(rs.PmrfError, match="takes its value"):
        t.with_params({"stages[2].l": 1e-9})
    bounded = t.bounded("stages[2].l", 1e-9, 8e-9)
    with pytest.raises(rs.PmrfError, match="tied to"):
        bounded.with_params({"stages[0].l": 9e-9})
    with pytest.raises(rs.PmrfError, match="outside its bounds"):
        t.bounded("stages[2].l", 1e-9, 2e-9)
    with pytest.raises(rs.PmrfError):
        t.untied("nope")


def test_the_table_and_repr_show_the_tie_map():
    m = rs.cascade([pc.SeriesL(l=3e-9), pc.ShuntC(c=1e-12), pc.SeriesL(l=6e-9)])
    m = m.tied("stages[2].l", "stages[0].l", scale=2.0, offset=1e-10)
    row = m.table()[2]
    assert (row["tied_to"], row["tie_scale"], row["tie_offset"]) == ("stages[0].l", 2.0, 1e-10)
    assert (m.table()[0]["tie_scale"], m.table()[0]["tie_offset"]) == (1.0, 0.0)
    assert "tied to stages[0].l * 2 + 1e-10" in repr(m)
