"""Circuits from Python: `Circuit` (named parts on named nets), `connect`, `renumber` and
`DataBlock`, against scikit-rf's `Circuit` / `connect` / `renumbered`, the same network built
with `cascade`, closed forms; exact Jacobians against central differences; netlist errors."""

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

Z0 = 50.0
HZ = np.linspace(0.1e9, 5e9, 23)
FREQ = rs.Frequency(HZ)


def close(a, b, tol=1e-12):
    np.testing.assert_allclose(a, b, rtol=0, atol=tol)


def pi_lowpass(c1=2e-12, esr1=0.1, l=5e-9, c2=2.2e-12, esr2=0.2):
    return rs.Circuit(
        {
            "c1": (pc.Capacitor(c=c1), ["in", "a"]),
            "esr1": (pc.Resistor(r=esr1), ["a", "gnd"]),
            "l": (pc.Inductor(l=l), ["in", "out"]),
            "c2": (pc.Capacitor(c=c2), ["out", "b"]),
            "esr2": (pc.Resistor(r=esr2), ["b", "gnd"]),
        },
        ports=["in", "out"],
    )


def skrf_pi_lowpass(skrf, c1=2e-12, esr1=0.1, l=5e-9, c2=2.2e-12, esr2=0.2):
    from skrf.circuit import Circuit

    f = skrf.Frequency.from_f(HZ, unit="Hz")
    m = skrf.media.DefinedGammaZ0(f, z0_port=Z0, z0=Z0)
    parts = {
        "c1": m.capacitor(c1, name="c1"),
        "esr1": m.resistor(esr1, name="esr1"),
        "l": m.inductor(l, name="l"),
        "c2": m.capacitor(c2, name="c2"),
        "esr2": m.resistor(esr2, name="esr2"),
    }
    p1 = Circuit.Port(f, "p1", z0=Z0)
    p2 = Circuit.Port(f, "p2", z0=Z0)
    g1 = Circuit.Ground(f, "g1", z0=Z0)
    g2 = Circuit.Ground(f, "g2", z0=Z0)
    cnx = [
        [(p1, 0), (parts["c1"], 0), (parts["l"], 0)],
        [(parts["c1"], 1), (parts["esr1"], 0)],
        [(parts["esr1"], 1), (g1, 0)],
        [(parts["l"], 1), (parts["c2"], 0), (p2, 0)],
        [(parts["c2"], 1), (parts["esr2"], 0)],
        [(parts["esr2"], 1), (g2, 0)],
    ]
    return Circuit(cnx).network.s


def central_jacobian(model, h=1e-6):
    """Central differences of S by each free parameter, relative step h."""
    names, values = model.free_names, dict(zip(model.names, model.values))
    cols = []
    for name in names:
        step = h * abs(values[name])
        up = model.with_params({name: values[name] + step}).s(FREQ)
        down = model.with_params({name: values[name] - step}).s(FREQ)
        cols.append((up - down) / (2 * step))
    return np.stack(cols, -1)


def assert_jacobian(model):
    exact = model.jacobian(FREQ)
    numeric = central_jacobian(model)
    assert exact.shape == numeric.shape
    # Per column, relative to the column's size.
    for p in range(exact.shape[-1]):
        scale = np.abs(exact[..., p]).max()
        assert np.abs(exact[..., p] - numeric[..., p]).max() <= 1e-6 * scale, model.free_names[p]


def test_pi_lowpass_names_and_scikit_rf():
    skrf = pytest.importorskip("skrf")
    lowpass = pi_lowpass()
    assert lowpass.nports == 2
    assert lowpass.names == ["c1.c", "esr1.r", "l.l", "c2.c", "esr2.r"]
    close(lowpass.s(FREQ), skrf_pi_lowpass(skrf))
    # Updates go to the right part.
    tuned = lowpass.with_params({"l.l": 7e-9, "esr2.r": 1.0})
    close(tuned.s(FREQ), skrf_pi_lowpass(skrf, l=7e-9, esr2=1.0))


def test_pi_lowpass_equals_the_cascade():
    chain = rs.cascade(
        [
            pc.ShuntRlc(r=0.1, l=0.0, c=2e-12),
            pc.SeriesL(l=5e-9),
            pc.ShuntRlc(r=0.2, l=0.0, c=2.2e-12),
        ]
    )
    close(pi_lowpass().s(FREQ), chain.s(FREQ))


def test_three_port_star_divider_matches_the_closed_form():
    r = 12.0
    star = rs.Circuit(
        {f"r{k}": (pc.Resistor(r=r), [f"p{k}", "x"]) for k in range(3)},
        ports=["p0", "p1", "p2"],
    )
    # Node x floats: V_x = mean(V), so Y = (I - J/3) / r and S = (I - Z0 Y)(I + Z0 Y)^-1.
    y = (np.eye(3) - np.ones((3, 3)) / 3) / r
    s = (np.eye(3) - Z0 * y) @ np.linalg.inv(np.eye(3) + Z0 * y)
    close(star.s(FREQ), np.broadcast_to(s, (len(HZ), 3, 3)))
    # The matched splitter (r = Z0 / 3): S_ii = 0, S_ij = 1/2.
    matched = star.with_params({f"r{k}.r": Z0 / 3 for k in range(3)}).s(FREQ)
    close(matched[:, 0, 0], 0)
    close(matched[:, 2, 1], 0.5)


def test_jacobian_matches_central_differences():
    assert_jacobian(pi_lowpass())
    # Multi-port parts, a nested circuit and a fixed parameter.
    inner = rs.Circuit(
        {
            "tl": (pc.DelayLine(delay=30e-12, z0=60.0), ["a", "b"]),
            "r": (pc.Resistor(r=20.0), ["b", "c"]),
            "sh": (pc.Capacitor(c=1e-12), ["c"]),
        },
        ports=["a", "c"],
    )
    outer = rs.Circuit(
        {
            "in": (inner, ["p", "q"]),
            "stub": (pc.SeriesL(l=2e-9), ["q", "t"]),
            "load": (pc.Resistor(r=75.0), ["t"]),
            "l": (pc.Inductor(l=1e-9), ["p", "q"]),
        },
        ports=["p", "q"],
    ).fixed("in.tl.z0")
    assert "in.tl.z0" not in outer.free_names
    assert_jacobian(outer)


def test_data_block_in_a_circuit_equals_the_parametric_circuit():
    fixture = pc.SeriesL(l=2e-9)
    data = rs.DataBlock(fixture.network(FREQ))
    assert (data.nports, data.names) == (2, [])
    close(data.s(FREQ), fixture.s(FREQ))

    def tuned(part):
        return rs.Circuit(
            {"fixture": (part, ["in", "a"]), "c": (pc.Capacitor(c=1e-12), ["a", "gnd"])},
            ports=["in", "a"],
        )

    measured, parametric = tuned(data), tuned(fixture).fixed("fixture.l")
    assert measured.names == ["c.c"]
    close(measured.s(FREQ), parametric.s(FREQ))
    close(measured.jacobian(FREQ), parametric.jacobian(FREQ))
    # In a cascade too, and at a grid inside the band (interpolated).
    close(rs.cascade([data, pc.ShuntC(c=1e-12)]).s(FREQ), measured.s(FREQ))
    inside = rs.Frequency(np.linspace(0.2e9, 4e9, 7))
    assert measured.s(inside).shape == (7, 2, 2)


def test_data_block_options_and_port_counts():
    star = rs.Circuit(
        {f"r{k}": (pc.Resistor(r=Z0 / 3), [f"p{k}", "x"]) for k in range(3)},
        ports=["p0", "p1", "p2"],
    )
    net = star.network(FREQ)
    block = rs.DataBlock(net, interpolation="cubic", extrapolation="hold_edge")
    assert block.nports == 3
    close(block.s(FREQ), net.s)
    wide = rs.Frequency(np.linspace(0.01e9, 9e9, 5))
    close(block.s(wide)[0], net.s[0])
    with pytest.raises(rs.PmrfError, match="interpolation"):
        rs.DataBlock(net, interpolation="spline")
    with pytest.raises(rs.PmrfError, match="extrapolation"):
        rs.DataBlock(net, extrapolation="wrap")
    with pytest.raises(TypeError):
        rs.DataBlock(np.zeros((3, 2, 2)))


def test_data_block_outside_its_band_names_the_band():
    data = rs.DataBlock(pc.SeriesL(l=2e-9).network(FREQ).renamed("fixture"))
    wide = rs.Frequency(np.linspace(0.05e9, 6e9, 5))
    match = r"fixture.*100000000.*5000000000"
    with pytest.raises(rs.PmrfError, match=match):
        data.s(wide)
    circuit = rs.Circuit(
        {"f": (data, ["in", "out"]), "c": (pc.Capacitor(c=1e-12), ["out", "gnd"])},
        ports=["in", "out"],
    )
    with pytest.raises(rs.PmrfError, match=match):
        circuit.s(wide)
    with pytest.raises(rs.PmrfError, match=match):
        circuit.jacobian(wide)
    with pytest.raises(rs.PmrfError, match=match):
        rs.cascade([data, pc.ShuntC(c=1e-12)]).s(wide)


def test_connect_matches_scikit_rf():
    skrf = pytest.importorskip("skrf")
    from skrf.network import connect

    def sk(model):
        return skrf.Network(frequency=skrf.Frequency.from_f(HZ, unit="Hz"), s=model.s(FREQ), z0=Z0)

    l, c = pc.SeriesL(l=3e-9), pc.ShuntC(c=2e-12)
    joined = rs.connect(l, 1, c, 0)
    assert joined.names == ["a.l", "b.c"]
    close(joined.s(FREQ), rs.cascade([l, c]).s(FREQ))
    close(joined.s(FREQ), connect(sk(l), 1, sk(c), 0).s)
    # A 3-port with a 2-port: scikit-rf keeps the 2-port's other port in place of the joint.
    star = rs.Circuit(
        {f"r{k}": (pc.Resistor(r=10.0 + k), [f"p{k}", "x"]) for k in range(3)},
        ports=["p0", "p1", "p2"],
    )
    for port in range(3):
        got = rs.connect(star, port, l, 0).s(FREQ)
        close(got, connect(sk(star), port, sk(l), 0).s)
    # A 2-port and a 1-port, and a 3-port with a 3-port.
    close(rs.connect(l, 1, pc.Resistor(r=30.0), 0).s(FREQ), connect(sk(l), 1, sk(pc.Resistor(r=30.0)), 0).s)
    close(rs.connect(star, 2, star, 1).s(FREQ), connect(sk(star), 2, sk(star), 1).s)
    assert_jacobian(rs.connect(star, 1, l, 0))
    with pytest.raises(rs.PmrfError, match="port 2"):
        rs.connect(l, 2, c, 0)


def test_renumber_matches_scikit_rf():
    skrf = pytest.importorskip("skrf")
    star = rs.Circuit(
        {f"r{k}": (pc.Resistor(r=10.0 + k), [f"p{k}", "x"]) for k in range(3)},
        ports=["p0", "p1", "p2"],
    )
    ntwk = skrf.Network(frequency=skrf.Frequency.from_f(HZ, unit="Hz"), s=star.s(FREQ), z0=Z0)
    for order in ([2, 0, 1], [1, 0, 2], [0, 1, 2]):
        got = rs.renumber(star, order)
        assert got.names == ["network.r0.r", "network.r1.r", "network.r2.r"]
        close(got.s(FREQ), ntwk.renumbered(order, [0, 1, 2]).s)
    assert_jacobian(rs.renumber(star, [2, 0, 1]))
    with pytest.raises(rs.PmrfError, match="permutation"):
        rs.renumber(star, [0, 0, 1])
    with pytest.raises(rs.PmrfError, match="port 3"):
        rs.renumber(star, [0, 1, 3])


def parts():
    return {
        "c": (pc.Capacitor(c=1e-12), ["in", "out"]),
        "r": (pc.Resistor(r=5.0), ["out", "gnd"]),
    }


def test_netlist_errors_name_the_thing():
    with pytest.raises(rs.PmrfError, match=r"net `ot` has one terminal"):
        rs.Circuit({**parts(), "x": (pc.Resistor(r=1.0), ["ot"])}, ports=["in", "out"])
    with pytest.raises(rs.PmrfError, match=r"net `nowhere` has one terminal \(external port 2\)"):
        rs.Circuit(parts(), ports=["in", "nowhere"])
    with pytest.raises(rs.PmrfError, match=r"part `t` has 2 ports but is given 3 nets"):
        rs.Circuit({**parts(), "t": (pc.SeriesL(l=1e-9), ["in", "out", "gnd"])}, ports=["in", "out"])
    with pytest.raises(rs.PmrfError, match=r"external port 2 is on the ground"):
        rs.Circuit(parts(), ports=["in", "gnd"])
    with pytest.raises(rs.PmrfError, match=r"no external port"):
        rs.Circuit(parts(), ports=[])
    with pytest.raises(rs.PmrfError, match=r"`a.b` has a `.`"):
        rs.Circuit({"a.b": (pc.Resistor(r=1.0), ["in"]), "r": (pc.Resistor(r=1.0), ["in"])}, ports=["in"])
    with pytest.raises(TypeError, match="part `c`"):
        rs.Circuit({"c": pc.Capacitor(c=1e-12)}, ports=["in"])
    with pytest.raises(TypeError):
        rs.Circuit({"c": ("not a model", ["in", "gnd"])}, ports=["in"])
    circuit = rs.Circuit(parts(), ports=["in", "out"])
    with pytest.raises(rs.PmrfError, match=r"c\.c"):
        circuit.with_params({"c.c": float("nan")})
    with pytest.raises(rs.PmrfError, match=r"c\.x"):
        circuit.fixed("c.x")


def test_a_singular_circuit_raises():
    # Two zero-ohm parts in a loop: a lossless loop with no outlet.
    loop = rs.Circuit(
        {
            "s1": (pc.Resistor(r=0.0), ["a", "b"]),
            "s2": (pc.Resistor(r=0.0), ["a", "b"]),
            "load": (pc.Resistor(r=50.0), ["b"]),
        },
        ports=["a"],
    )
    with pytest.raises(rs.PmrfError, match="singular"):
        loop.s(FREQ)


def test_docstring_examples_run():
    import doctest

    for fn in (rs.Circuit, rs.connect, rs.renumber, rs.DataBlock):
        assert fn.__doc__ and ">>>" in fn.__doc__
        for test in doctest.DocTestFinder().find(fn, fn.__name__, globs={}):
            result = doctest.DocTestRunner().run(test)
            assert result.attempted > 0 and result.failed == 0, fn.__name__


def test_any_port_count():
    # A 5-port star and its data: more ports than pmrf's fixed-size conversions handle.
    n, r = 5, 7.0
    star = rs.Circuit(
        {f"r{k}": (pc.Resistor(r=r), [f"p{k}", "x"]) for k in range(n)},
        ports=[f"p{k}" for k in range(n)],
    )
    y = (np.eye(n) - np.ones((n, n)) / n) / r
    s = (np.eye(n) - Z0 * y) @ np.linalg.inv(np.eye(n) + Z0 * y)
    close(star.s(FREQ), np.broadcast_to(s, (len(HZ), n, n)))
    block = rs.DataBlock(star.network(FREQ))
    close(rs.renumber(block, [4, 3, 2, 1, 0]).s(FREQ), s[::-1, ::-1][None].repeat(len(HZ), 0))
    assert_jacobian(star)
