"""Batches from Python: `Model.sample` against the priors' statistics and pmrf's seeded stream,
`Model.s_batch` (and z/y/abcd) member by member against `with_params(...).s(freq)`, bad batches
named by member and parameter; the composite's fast S and Jacobian against the values before
the rewrite (fixture), the cascade of networks and central differences."""

import json
import pathlib

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"
FREQ = rs.Frequency.linspace(0.1, 3.0, 17)


def cascade5():
    return rs.cascade([pc.SeriesL(l=8e-9), pc.ShuntC(c=1.5e-12),
                       pc.DelayLine(delay=150e-12, z0=75.0), pc.SeriesR(r=5.0),
                       pc.ShuntL(l=20e-9)])


def lowpass():
    """Two parameters with priors: L normal, C uniform."""
    m = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    m = m.with_prior("stages[0].l", "normal", 5e-9, 0.2e-9)
    return m.with_prior("stages[1].c", "uniform", 1e-12, 3e-12)


# --- sample ---

def test_sample_statistics_match_the_priors():
    n = 4000
    values = lowpass().sample(n, seed=7)
    assert values.shape == (n, 2) and values.dtype == np.float64
    l, c = values[:, 0], values[:, 1]
    # Normal(5 nH, 0.2 nH): mean within 4 standard errors, std within 4 of its SE.
    assert abs(l.mean() - 5e-9) < 4 * 0.2e-9 / np.sqrt(n)
    assert abs(l.std() - 0.2e-9) < 4 * 0.2e-9 / np.sqrt(2 * n)
    # Uniform(1, 3 pF): mean 2 pF, std (3 - 1) / sqrt(12) pF, all inside.
    sd = 2e-12 / np.sqrt(12)
    assert abs(c.mean() - 2e-12) < 4 * sd / np.sqrt(n)
    assert abs(c.std() - sd) < 4 * sd * np.sqrt(0.2 / n)  # SE of a uniform's sample std
    assert c.min() >= 1e-12 and c.max() <= 3e-12


def test_sample_is_reproducible_and_prefix_stable():
    m = lowpass()
    a, b = m.sample(50, seed=3), m.sample(50, seed=3)
    assert np.array_equal(a, b)
    assert np.array_equal(m.sample(20, seed=3), a[:20])  # member i does not depend on n
    assert not np.array_equal(m.sample(50, seed=4), a)
    assert m.sample(0).shape == (0, 2)


def test_sample_of_a_leaf_is_pmrfs_stream():
    # A leaf draws exactly pmrf's Batch::sample stream; a part's bounds without a prior give a
    # uniform draw within them.
    c = pc.SeriesC(c=2e-12).bounded("c", 1e-12, 5e-12)
    v = c.sample(2000, seed=42)[:, 0]
    assert v.min() >= 1e-12 and v.max() <= 5e-12
    assert abs(v.mean() - 3e-12) < 4 * (4e-12 / np.sqrt(12)) / np.sqrt(2000)


def test_sample_keeps_fixed_parameters_and_names_the_unsampleable():
    m = lowpass().fixed("stages[1].c")
    v = m.sample(10, seed=1)
    assert np.all(v[:, 1] == 2e-12) and np.unique(v[:, 0]).size == 10
    # A free inductance with no prior and an unbounded upper bound cannot be drawn.
    bare = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    with pytest.raises(rs.PmrfError, match=r"stages\[0\]\.l"):
        bare.sample(3)


# --- s_batch ---

def test_s_batch_equals_member_by_member():
    m = cascade5()
    values = m.values * np.random.default_rng(0).uniform(0.8, 1.2, (9, 6))
    s = m.s_batch(FREQ, values)
    assert s.shape == (9, 17, 2, 2) and s.dtype == np.complex128
    for i, row in enumerate(values):
        assert np.array_equal(s[i], m.with_params(row).s(FREQ))


def test_s_batch_of_a_leaf_and_a_one_port_and_other_matrices():
    c = pc.SeriesC(c=2e-12)
    values = np.linspace(1e-12, 5e-12, 40).reshape(-1, 1)
    s = c.s_batch(FREQ, values)
    for i in (0, 17, 39):
        assert np.array_equal(s[i], c.with_params(values[i]).s(FREQ))
    load = pc.LoadZ(r=30.0, x=10.0)
    lv = np.array([[30.0, 10.0], [75.0, -5.0]])
    assert np.array_equal(load.s_batch(FREQ, lv)[1], load.with_params(lv[1]).s(FREQ))
    assert np.array_equal(load.z_batch(FREQ, lv)[1], load.with_params(lv[1]).z(FREQ))
    m = cascade5()
    v = m.values[None, :] * np.array([[1.0], [1.1]])
    assert np.array_equal(m.abcd_batch(FREQ, v)[1], m.with_params(v[1]).abcd(FREQ))
    assert np.array_equal(m.y_batch(FREQ, v)[0], m.y(FREQ))
    # Fortran-ordered and sliced values read the same.
    f = np.asfortranarray(np.repeat(v, 2, axis=0))[::2]
    assert np.array_equal(m.s_batch(FREQ, f), m.s_batch(FREQ, v))


def test_sample_then_s_batch():
    m = lowpass()
    values = m.sample(64, seed=5)
    s = m.s_batch(FREQ, values, progress=False)
    assert np.array_equal(s[63], m.with_params(values[63]).s(FREQ))


def test_bad_batches_name_member_and_parameter():
    m = cascade5()
    values = np.tile(m.values, (5, 1))
    values[3, 1] = np.nan
    with pytest.raises(rs.PmrfError, match=r"member 3 .*stages\[1\]\.c"):
        m.s_batch(FREQ, values)
    values[3, 1] = 1.5e-12
    values[2, 4] = -1.0  # a negative resistance is out of bounds
    with pytest.raises(rs.PmrfError, match=r"member 2 .*stages\[3\]\.r"):
        m.s_batch(FREQ, values)
    with pytest.raises(rs.PmrfError, match="6"):
        m.s_batch(FREQ, np.ones((2, 5)))
    with pytest.raises(TypeError, match="float64"):
        m.s_batch(FREQ, np.ones(6))
    with pytest.raises(TypeError, match="float64"):
        m.s_batch(FREQ, np.ones((2, 6), dtype=np.float32))
    with pytest.raises(TypeError):
        m.s_batch(FREQ, [[1.0] * 6])
    with pytest.raises(rs.PmrfError, match="ABCD"):
        pc.LoadZ(r=1.0, x=0.0).abcd_batch(FREQ, np.array([[1.0, 0.0]]))
    assert m.s_batch(FREQ, np.ones((0, 6))).shape == (0, 17, 2, 2)


def test_progress_callback_sees_every_member_and_can_stop_the_batch():
    m = cascade5()
    values = np.tile(m.values, (200, 1))
    seen = []
    m.s_batch(FREQ, values, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (200, 200)

    def stop(done, total):
        raise RuntimeError("enough")

    big = rs.Frequency.linspace(0.1, 3.0, 2001)
    with pytest.raises(RuntimeError, match="enough"):
        m.s_batch(big, np.tile(m.values, (4000, 1)), progress=stop)
    with pytest.raises(TypeError, match="progress"):
        m.s_batch(FREQ, values, progress=3)


# --- the composite's fast path ---

def fixture_models():
    c5 = cascade5()
    three = rs.cascade([pc.SeriesRlc(r=5.0, l=2e-9, c=3e-12), pc.ShuntC(c=1e-12)])
    return {
        "cascade5": c5,
        "cascade5_fixed": c5.fixed("stages[2].z0"),
        "terminate": rs.terminate(three, pc.LoadZ(r=30.0, x=10.0)),
        "flip": rs.flip(three),
        "nested": rs.cascade([rs.flip(three), pc.SeriesL(l=3e-9), three]),
    }


def complex_array(pairs, shape):
    a = np.asarray(pairs)
    return (a[:, 0] + 1j * a[:, 1]).reshape(shape)


def test_composite_equals_the_values_before_the_rewrite():
    data = json.loads((FIXTURES / "python_composite.json").read_text())
    freq = rs.Frequency(np.asarray(data["hz"]))
    for name, model in fixture_models().items():
        want = data["models"][name]
        s_old = complex_array(want["s"], want["s_shape"])
        j_old = complex_array(want["jac"], want["jac_shape"])
        s = model.s(freq)
        jac = model.jacobian(freq)
        assert s.shape == s_old.shape and jac.shape == j_old.shape, name
        assert np.abs(s - s_old).max() <= 1e-12, name
        scale = np.abs(j_old).max(axis=(0, 1, 2))
        assert np.all(np.abs(jac - j_old).max(axis=(0, 1, 2)) <= 1e-12 * scale), name


def test_cascade_equals_the_cascade_of_networks():
    stages = [pc.SeriesL(l=8e-9), pc.ShuntC(c=1.5e-12), pc.DelayLine(delay=150e-12, z0=75.0),
              pc.SeriesR(r=5.0), pc.ShuntL(l=20e-9)]
    net = stages[0].network(FREQ)
    for st in stages[1:]:
        net = net ** st.network(FREQ)
    assert np.allclose(rs.cascade(stages).s(FREQ), net.s, rtol=0, atol=1e-13)


def central_difference(model, freq, h_rel=1e-6):
    names, values = model.names, model.values
    cols = []
    for name in model.free_names:
        i = names.index(name)
        h = h_rel * abs(values[i])
        up, down = values.copy(), values.copy()
        up[i] += h
        down[i] -= h
        cols.append((model.with_params(up).s(freq) - model.with_params(down).s(freq)) / (2 * h))
    return np.stack(cols, -1)


@pytest.mark.parametrize("name", ["cascade5", "cascade5_fixed", "terminate", "flip", "nested"])
def test_composite_jacobian_matches_central_differences(name):
    model = fixture_models()[name]
    jac = model.jacobian(FREQ)
    fd = central_difference(model, FREQ)
    assert jac.shape == fd.shape
    scale = np.abs(jac).max(axis=(0, 1, 2))
    assert np.all(np.abs(jac - fd).max(axis=(0, 1, 2)) <= 1e-6 * scale)


def test_s_and_jacobian_is_s_and_jacobian():
    m = cascade5().fixed("stages[3].r")
    big = rs.Frequency.linspace(0.01, 10, 1001)  # long enough to be split over threads
    for freq in (FREQ, big):
        s, jac = m.s_and_jacobian(freq)
        assert np.array_equal(s, m.s(freq)) and np.array_equal(jac, m.jacobian(freq))
        assert jac.shape == (len(freq), 2, 2, 5)


def test_long_grids_split_over_threads_give_the_same_numbers():
    # 1001 points are evaluated in halves on two threads; compare point by point with short
    # grids (one thread).
    m = rs.terminate(cascade5(), pc.LoadZ(r=30.0, x=10.0))
    hz = np.linspace(0.01e9, 10e9, 1001)
    s, jac = m.s_and_jacobian(rs.Frequency(hz))
    for k in (0, 499, 500, 501, 1000):
        sk, jk = m.s_and_jacobian(rs.Frequency(hz[k:k + 1]))
        assert np.array_equal(s[k], sk[0]) and np.array_equal(jac[k], jk[0])


def test_a_batch_too_large_for_memory_is_an_error_not_a_crash():
    m = pc.SeriesC(c=1e-12)
    freq = rs.Frequency.linspace(1, 2, 1_000_000)
    values = np.full((100_000, 1), 1e-12)  # 100k x 1M points x 4 x 16 B: 6.4 PB
    with pytest.raises(rs.PmrfError, match="too large"):
        m.s_batch(freq, values)


# --- circuits, data blocks and ties in batches ---

def test_circuits_data_blocks_and_ties_sample_and_batch():
    # A pi low-pass as a circuit, with a measured block (the load) inside: the circuit's
    # draws are its parts' side by side; the block has no parameters.
    c1 = pc.Capacitor(c=2e-12).with_prior("c", "uniform", 1e-12, 3e-12)
    l = pc.Inductor(l=5e-9).with_prior("l", "normal", 5e-9, 0.2e-9)
    c2 = pc.Capacitor(c=2e-12).with_prior("c", "uniform", 1e-12, 3e-12)
    load = rs.DataBlock(pc.Resistor(r=60.0).network(FREQ))
    pi = rs.Circuit({"c1": (c1, ["in", "gnd"]), "l": (l, ["in", "out"]),
                     "c2": (c2, ["out", "gnd"]), "load": (load, ["out", "gnd"])},
                    ports=["in"])
    assert pi.names == ["c1.c", "l.l", "c2.c"]
    values = pi.sample(500, seed=3)
    assert values.shape == (500, 3)
    assert ((values[:, 0] >= 1e-12) & (values[:, 0] <= 3e-12)).all()
    assert abs(values[:, 1].mean() - 5e-9) < 4 * 0.2e-9 / np.sqrt(500)
    s = pi.s_batch(FREQ, values[:8])
    for k in range(8):
        np.testing.assert_array_equal(s[k], pi.with_params(values[k]).s(FREQ))

    # Tied: c2 follows c1 in every draw, and the batch equals the members.
    tied = pi.tied("c2.c", "c1.c")
    draws = tied.sample(200, seed=3)
    np.testing.assert_array_equal(draws[:, 2], draws[:, 0])
    s = tied.s_batch(FREQ, draws[:4])
    for k in range(4):
        np.testing.assert_array_equal(s[k], tied.with_params(draws[k]).s(FREQ))
    # A tie whose map leaves the follower's bounds in some draw names the member.
    c2b = pc.ShuntC(c=2e-12).bounded("c", 0.0, 2.5e-12)
    narrow = rs.cascade([pc.ShuntC(c=2e-12).with_prior("c", "uniform", 1e-12, 3e-12), c2b])
    with pytest.raises(rs.PmrfError, match="member .*outside its bounds"):
        narrow.tied("stages[1].c", "stages[0].c").sample(100, seed=1)


# --- speed paths: stage-major cascades, the delay line's closed form ---

def test_a_flat_cascade_is_bit_for_bit_the_nested_left_fold():
    # Stage by stage over all points does, per point, the same star products in the same order
    # as ((a * b) * c) * ...: equal to the last bit, S, Jacobian and batch members alike.
    stages = [pc.SeriesL(l=8e-9), pc.ShuntC(c=1.5e-12), pc.DelayLine(delay=150e-12, z0=75.0),
              pc.SeriesR(r=5.0)]
    flat = rs.cascade(stages)
    nested = rs.cascade([rs.cascade([rs.cascade(stages[:2]), stages[2]]), stages[3]])
    big = rs.Frequency.linspace(0.01, 10, 1001)  # split over threads
    for freq in (FREQ, big):
        assert np.array_equal(flat.s(freq), nested.s(freq))
    values = flat.values * np.random.default_rng(3).uniform(0.8, 1.2, (40, flat.values.size))
    batch = flat.s_batch(big, values)
    assert np.array_equal(batch[17], flat.with_params(values[17]).s(big))
    assert np.array_equal(batch, nested.s_batch(big, values))
    # One stage: the cascade is that stage, its Jacobian too.
    one = rs.cascade([stages[2]])
    assert np.array_equal(one.s(big), stages[2].s(big))
    assert np.array_equal(one.jacobian(big), stages[2].jacobian(big))


THRU = np.array([[0, 1], [1, 0]], dtype=complex)


def lossless_line(hz, z0, delay, ref=50.0):
    """S of a lossless line from its ABCD matrix (the textbook form)."""
    theta = 2 * np.pi * hz * delay
    den = 2 * z0 * ref * np.cos(theta) + 1j * (z0**2 + ref**2) * np.sin(theta)
    s11 = 1j * (z0**2 - ref**2) * np.sin(theta) / den
    s21 = 2 * z0 * ref / den
    return np.stack([np.stack([s11, s21], -1), np.stack([s21, s11], -1)], -2)


@pytest.mark.parametrize("z0,delay", [(75.0, 150e-12), (50.0, 1e-9), (3.0, 2e-9), (1e4, 7e-11)])
def test_delay_line_matches_the_closed_form_and_central_differences(z0, delay):
    hz = np.linspace(0.0, 20e9, 401)
    line = pc.DelayLine(z0=z0, delay=delay)
    s = line.s(rs.Frequency(hz))
    assert np.abs(s - lossless_line(hz, z0, delay)).max() < 1e-13
    assert np.array_equal(s[0], THRU)  # a thru at DC, exactly
    # Lossless: unitary at every point.
    eye = np.einsum("kij,kil->kjl", s.conj(), s)
    assert np.abs(eye - np.eye(2)).max() < 1e-13
    jac = line.jacobian(FREQ)
    fd = central_difference(line, FREQ)
    scale = np.abs(jac).max(axis=(0, 1, 2))
    assert np.all(np.abs(jac - fd).max(axis=(0, 1, 2)) <= 1e-6 * scale)


def test_delay_line_edge_cases_keep_their_values():
    hz = np.array([0.0, 1e9, 2.5e9])
    # z0 = 0 (the general section): a short between the grounds, S11 = -1 off the thru points.
    s = pc.DelayLine(z0=0.0, delay=100e-12).s(rs.Frequency(hz[1:]))
    assert np.allclose(s[:, 0, 0], -1.0, rtol=0, atol=1e-15)
    assert np.allclose(s[:, 1, 0], 0.0, rtol=0, atol=1e-15)
    # Zero delay: a thru at every frequency, exactly; matched: no reflection at all.
    assert np.array_equal(pc.DelayLine(z0=20.0, delay=0.0).s(rs.Frequency(hz)),
                          np.broadcast_to(THRU, (3, 2, 2)))
    assert np.all(pc.DelayLine(z0=50.0, delay=1e-9).s(rs.Frequency(hz))[:, 0, 0] == 0)


def test_out_is_written_and_returned_and_checked():
    m = lowpass()
    values = m.sample(5, seed=2)
    want = m.s_batch(FREQ, values)
    buf = np.full(want.shape, np.nan + 0j)
    got = m.s_batch(FREQ, values, out=buf)
    assert got is buf
    np.testing.assert_array_equal(buf, want)
    z = np.empty_like(want)
    np.testing.assert_array_equal(m.z_batch(FREQ, values, out=z), m.z_batch(FREQ, values))
    with pytest.raises(rs.PmrfError, match="shape"):
        m.s_batch(FREQ, values, out=np.empty((4,) + want.shape[1:], complex))
    with pytest.raises(rs.PmrfError, match="C-contiguous"):
        m.s_batch(FREQ, values, out=np.empty(want.shape[::-1], complex).T)
    with pytest.raises(TypeError):
        m.s_batch(FREQ, values, out=np.empty(want.shape))  # float64
    frozen = np.empty_like(want)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        m.s_batch(FREQ, values, out=frozen)
