"""The whole catalogue from Python (``pmrf_rs.components``): the lines against the repository's
scikit-rf 2.2.0 fixtures at the Rust tests' tolerances (tests/lines.rs, tests/media.rs,
tests/tapers.rs), the ideal parts against their exact S, losslessness and reciprocity, the
floating line grounded against the 2-port line, every part's parameter names and exact
Jacobian against central differences, and bad values raising ``PmrfError``.

The lumped, section and ideal parts' fixtures (catalogue_lumped.json, catalogue_ideal.json)
are in test_paramrf_fixtures.py."""

import json
import pathlib

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import PmrfError
from pmrf_rs import components as pc

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"
HZ = np.linspace(0.1e9, 5e9, 9)


def load(name):
    return json.loads((FIXTURES / name).read_text())


def fixture_s(case, key="s"):
    return np.asarray(case[f"{key}_re"]) + 1j * np.asarray(case[f"{key}_im"])


def max_dev(model, hz, want):
    return np.abs(model.s(rs.Frequency(np.asarray(hz))) - want).max()


# --- lines against scikit-rf ---


def test_stripline_matches_scikit_rf():
    data = load("lines_stripline.json")
    for name, c in data["cases"].items():
        line = pc.Stripline(
            w=c["w"], length=c["length"], h=c["b"], t=c["t"], eps_r=c["eps_r"],
            tand=c["tand"], sigma=c["sigma"],
        )
        dev = max_dev(line, data["frequency_hz"], fixture_s(c))
        assert dev < 1e-9, f"{name}: {dev:.1e}"


def test_wheeler_microstrip_matches_scikit_rf_mline():
    data = load("lines_microstrip_wheeler.json")
    for name, c in data["cases"].items():
        ms = pc.Microstrip(
            w=c["w"], length=c["length"], h=c["h"], t=c["t"], eps_r=c["eps_r"], sigma=np.inf,
            quasistatic="wheeler",
        )
        dev = max_dev(ms, data["frequency_hz"], fixture_s(c))
        assert dev < 1e-10, f"{name}: {dev:.1e}"
        # Hammerstad-Jensen (the default) is near, but not the same.
        hj = pc.Microstrip(
            w=c["w"], length=c["length"], h=c["h"], t=c["t"], eps_r=c["eps_r"], sigma=np.inf
        )
        assert max_dev(hj, data["frequency_hz"], fixture_s(c)) > 1e-6, name


@pytest.mark.parametrize("name", ["cpw_thin", "cpw_thick", "cpwg_thin", "cpwg_thick"])
def test_lossless_cpw_and_cpwg_match_scikit_rf(name):
    data = load("media.json")
    c = data["cases"][name]
    line = pc.CoplanarWaveguide(
        w=c["w"], s=c["s"], length=c["length"], h=c["h"], t=c["t"], eps_r=c["ep_r"],
        sigma=np.inf, grounded=c["has_metal_backside"],
    )
    assert max_dev(line, data["cpw_frequency_hz"], fixture_s(c)) < 1e-8


@pytest.mark.parametrize("name", ["wg_wr90_cu", "wg_wr90_pec", "wg_filled_al"])
def test_rectangular_waveguide_matches_scikit_rf(name):
    data = load("media.json")
    c = data["cases"][name]
    # scikit-rf's sigma = 0 is perfect walls.
    sigma = np.inf if c["sigma"] == 0 else c["sigma"]
    wg = pc.RectangularWaveguide(
        a=c["a"], b=c["b"], length=c["length"], eps_r=c["ep_r"], sigma=sigma
    )
    hz = np.asarray(data["wg_frequency_hz"])
    dev = np.abs(wg.s(rs.Frequency(hz)) - fixture_s(c)).max(axis=(1, 2))
    # Below cutoff scikit-rf's S loses about 1e-6 to rounding (as tests/media.rs).
    tol = np.where(hz > c["f_cutoff"], 1e-8, 1e-5)
    assert np.all(dev < tol), dev.max()


@pytest.mark.parametrize(
    "name",
    [n for n in load("tapers.json")["cases"] if not n.startswith("floating")],
)
def test_tapers_match_scikit_rf(name):
    data = load("tapers.json")
    c = data["cases"][name]
    taper = pc.TaperedLine(
        z1=c["z1"], z2=c["z2"], eps_r=c["eps_r"], length=c["length"], sections=c["sections"],
        profile=c["profile"], ripple=c["ripple"],
    )
    assert taper.names == ["z1", "z2", "eps_r", "length"]
    assert max_dev(taper, data["frequency_hz"], fixture_s(c)) < 1e-10


def test_core_lines_match_scikit_rf():
    data = load("lines_core.json")
    cases = data["cases"]
    c = cases["phase_30ohm_120deg_at_2ghz"]
    lines = {
        "phase_30ohm_120deg_at_2ghz": pc.PhaseLine(z0=c["z0"], theta=c["theta"], f0=c["f0"]),
        "physical": pc.PhysicalLine(
            **{k: cases["physical"][k] for k in ("z0", "eps_r", "loss", "f_ref", "tand", "length")}
        ),
        "datasheet": pc.DatasheetCable(
            **{k: cases["datasheet"][k] for k in ("z0", "vf", "k1", "k2", "length")}
        ),
    }
    for name, line in lines.items():
        dev = max_dev(line, data["frequency_hz"], fixture_s(cases[name]))
        assert dev < 1e-12, f"{name}: {dev:.1e}"


# --- closed forms ---


@pytest.mark.parametrize("ports", range(1, 9))
def test_terminations_and_junctions_are_exact(ports):
    eye = np.eye(ports)
    freq = rs.Frequency(HZ)
    assert np.array_equal(pc.Open(ports=ports).s(freq)[3], eye)
    assert np.array_equal(pc.Short(ports=ports).s(freq)[3], -eye)
    assert np.array_equal(pc.Match(ports=ports).s(freq)[3], 0 * eye)
    # One node: S_ii = (2 - N)/N, S_ij = 2/N.
    want = np.full((ports, ports), 2 / ports) + eye * (-2 / ports + (2 - ports) / ports)
    np.testing.assert_allclose(pc.Junction(ports=ports).s(freq)[3].real, want, atol=1e-15)
    if ports >= 2:
        # The default arms match every port: S_ii = 0, S_ij = 1/(N - 1).
        s = pc.ResistiveSplitter(ports=ports).s(freq)[3]
        np.testing.assert_allclose(s, (1 - eye) / (ports - 1), atol=1e-15)
        matched = pc.ResistiveSplitter(ports=ports).values[0]
        assert matched == pytest.approx(50 * (ports - 2) / ports)


def test_tee_is_the_three_port_junction():
    freq = rs.Frequency(HZ)
    assert pc.Tee().nports == 3
    assert np.array_equal(pc.Tee().s(freq), pc.Junction().s(freq))


def test_ideal_two_ports_are_exact():
    freq = rs.Frequency(HZ)
    s = pc.Isolator(loss_db=0.7, isolation_db=np.inf).s(freq)[0]
    np.testing.assert_allclose(s, [[0, 0], [10 ** (-0.7 / 20), 0]], atol=1e-15)
    s = pc.Amplifier(gain_db=15.0, isolation_db=30.0).s(freq)[0]
    np.testing.assert_allclose(np.abs(s), [[0, 10 ** -1.5], [10 ** 0.75, 0]], rtol=1e-14)
    # An ideal 1:n transformer: S11 = (n^2 - 1)/(n^2 + 1), S21 = 2n/(n^2 + 1).
    n = 1.7
    s = pc.IdealTransformer(n=n).s(freq)[0]
    np.testing.assert_allclose(abs(s[0, 0]), (n * n - 1) / (n * n + 1), rtol=1e-14)
    np.testing.assert_allclose(abs(s[1, 0]), 2 * n / (n * n + 1), rtol=1e-14)
    assert pc.Port(z0=75).s(freq)[0, 0, 0] == pytest.approx(25 / 125, abs=1e-15)
    assert pc.Port().names == ["z0"] and pc.Port().values[0] == 50.0
    g = pc.LoadGammaPolar(gamma_mag=0.7, gamma_deg=135.0).s(freq)[0, 0, 0]
    assert g == pytest.approx(0.7 * np.exp(1j * np.radians(135.0)), abs=1e-15)
    # A 10 dB coupler: |S31| = 10^(-1/2), |S21| = sqrt(1 - 0.1).
    s = pc.DirectionalCoupler(coupling_db=10.0, isolation_db=np.inf).s(freq)[0]
    np.testing.assert_allclose(abs(s[2, 0]), 10 ** -0.5, rtol=1e-14)
    np.testing.assert_allclose(abs(s[1, 0]), np.sqrt(0.9), rtol=1e-14)


LOSSLESS = {
    "IdealTransformer": lambda: pc.IdealTransformer(n=1.7),
    "IdealTransformer4": lambda: pc.IdealTransformer4(n=2.3),
    "DirectionalCoupler": lambda: pc.DirectionalCoupler(coupling_db=6.0, isolation_db=np.inf),
    "Junction5": lambda: pc.Junction(ports=5),
    "CoupledInductors": lambda: pc.CoupledInductors(l1=3e-9, l2=8e-9, k=0.6),
    "CoupledInductors4": lambda: pc.CoupledInductors4(l1=3e-9, l2=8e-9, k=0.6),
    "CentreTappedTransformer": lambda: pc.CentreTappedTransformer(l1=4e-9, l2=9e-9, k=0.8),
    "Autotransformer": lambda: pc.Autotransformer(l1=4e-9, l2=9e-9, k=0.8),
    "Balun": lambda: pc.Balun(n=2.0),
    "IdealAutotransformer": lambda: pc.IdealAutotransformer(n=3.0),
    "IdealCentreTappedTransformer": lambda: pc.IdealCentreTappedTransformer(n=2.0, tap=0.3),
    "SourceConverter": pc.SourceConverter,
    "MixedModeConverter": pc.MixedModeConverter,
    "BranchLineHybrid": pc.BranchLineHybrid,
    "RatRaceHybrid": pc.RatRaceHybrid,
    "BoxSectionClcc": lambda: pc.BoxSectionClcc(c1=1e-12, l=5e-9, c2=2e-12, c3=0.5e-12),
    "BoxSection": lambda: pc.BoxSection(
        g1=0, b1=0.01, g2=0, b2=-0.02, g3=0, b3=0.03, g4=0, b4=0.004
    ),
    "PiSectionClc": lambda: pc.PiSectionClc(c1=1.2e-12, l=4e-9, c2=2e-12),
    "TSectionLcl": lambda: pc.TSectionLcl(l1=3e-9, c=1.5e-12, l2=5e-9),
    "LSectionLc": lambda: pc.LSectionLc(l=6e-9, c=2.5e-12),
    "Stripline": lambda: pc.Stripline(w=1e-3, length=0.05, h=2e-3, eps_r=3.0, sigma=np.inf),
    "TaperedLine": lambda: pc.TaperedLine(z1=50, z2=100, length=0.1, sections=20),
    "FloatingLine": lambda: pc.FloatingLine(r=0, l=2.5e-7, g=0, c=1e-10, length=0.3),
}


@pytest.mark.parametrize("name", list(LOSSLESS))
def test_lossless_parts_are_unitary_and_reciprocal(name):
    model = LOSSLESS[name]()
    s = model.s(rs.Frequency(HZ))
    eye = np.eye(model.nports)
    gram = np.conj(np.swapaxes(s, 1, 2)) @ s
    assert np.abs(gram - eye).max() < 1e-12, name
    assert np.abs(s - np.swapaxes(s, 1, 2)).max() < 1e-13, name


def test_floating_line_grounded_is_the_line():
    args = dict(r=2.0, l=2.5e-7, g=1e-4, c=1e-10, length=0.3)
    freq = rs.Frequency(HZ)
    s = pc.FloatingLine(**args).s(freq)
    # Shorts (reflection -1) on ports 3 and 4: S' = S_aa - S_ab (I + S_bb)^-1 S_ba.
    a, b = slice(0, 2), slice(2, 4)
    grounded = s[:, a, a] - s[:, a, b] @ np.linalg.solve(np.eye(2) + s[:, b, b], s[:, b, a])
    np.testing.assert_allclose(grounded, pc.RlgcLine(**args).s(freq), atol=1e-13)


# --- every part: names, evaluation, exact Jacobian ---

SUB = ["substrate.h", "substrate.t", "substrate.dielectric.eps_r", "substrate.dielectric.tand",
       "substrate.conductor.sigma", "substrate.conductor.mu_r"]

# name: (keyword arguments, pmrf's parameter names or None for the keywords', frequencies)
PARTS = {
    "SeriesCQ": (dict(c=1.5e-12, q=80.0), None, HZ),
    "ShuntCQ": (dict(c=2e-12, q=60.0), None, HZ),
    "SeriesLQ": (dict(l=6e-9, q=45.0), None, HZ),
    "ShuntLQ": (dict(l=4e-9, q=30.0), None, HZ),
    "CapacitorQ": (dict(c=1.5e-12, q=80.0), None, HZ),
    "InductorQ": (dict(l=6e-9, q=45.0), None, HZ),
    "SeriesCEsr": (dict(c=1.2e-12, esr=0.8), None, HZ),
    "ShuntCEsr": (dict(c=2.2e-12, esr=1.5), None, HZ),
    "SeriesLEsr": (dict(l=5e-9, esr=2.0), None, HZ),
    "ShuntLEsr": (dict(l=7e-9, esr=3.0), None, HZ),
    "CapacitorEsr": (dict(c=1.2e-12, esr=0.8), None, HZ),
    "InductorEsr": (dict(l=5e-9, esr=2.0), None, HZ),
    "RlcSeries": (dict(r=4.0, l=8e-9, c=8e-13), None, HZ),
    "RlcParallel": (dict(r=300.0, l=3e-9, c=1.5e-12), None, HZ),
    "SeriesParallelRlc": (dict(r=300.0, l=3e-9, c=1.5e-12), None, HZ),
    "ShuntParallelRlc": (dict(r=150.0, l=2e-9, c=3e-12), None, HZ),
    "Impedance": (dict(r=30.0, x=-20.0), None, HZ),
    "SeriesImpedance": (dict(r=30.0, x=-20.0), None, HZ),
    "ShuntImpedance": (dict(r=40.0, x=25.0), None, HZ),
    "Admittance": (dict(g=0.01, b=0.02), None, HZ),
    "SeriesAdmittance": (dict(g=0.01, b=0.02), None, HZ),
    "ShuntAdmittance": (dict(g=0.004, b=-0.015), None, HZ),
    "PiSection": (dict(g1=0.01, b1=0.02, g2=0.002, b2=-0.01, g3=0.005, b3=0.03), None, HZ),
    "TSection": (dict(r1=10.0, x1=20.0, r2=5.0, x2=-15.0, r3=30.0, x3=-40.0), None, HZ),
    "LSection": (dict(r=12.0, x=35.0, g=0.003, b=0.012), None, HZ),
    "PiSectionClc": (dict(c1=1.2e-12, l=4e-9, c2=2e-12), None, HZ),
    "TSectionLcl": (dict(l1=3e-9, c=1.5e-12, l2=5e-9), None, HZ),
    "LSectionLc": (dict(l=6e-9, c=2.5e-12), None, HZ),
    "Port": (dict(z0=75.0), None, HZ),
    "LoadGamma": (dict(gamma_re=0.3, gamma_im=-0.4), None, HZ),
    "LoadGammaPolar": (dict(gamma_mag=0.7, gamma_deg=135.0), None, HZ),
    "Isolator": (dict(loss_db=0.7, isolation_db=25.0), None, HZ),
    "Amplifier": (dict(gain_db=15.0, isolation_db=30.0), None, HZ),
    "IdealTransformer": (dict(n=1.7), None, HZ),
    "IdealTransformer4": (dict(n=1.7), None, HZ),
    "DirectionalCoupler": (dict(coupling_db=10.0, isolation_db=30.0), None, HZ),
    "ResistiveSplitter": (dict(r=10.0, ports=4), ["r"], HZ),
    "PowerSplitter": (dict(r=20.0), None, HZ),
    "CoupledInductors": (dict(l1=3e-9, l2=8e-9, k=0.6), None, HZ),
    "CoupledInductors4": (dict(l1=3e-9, l2=8e-9, k=0.6), None, HZ),
    "CentreTappedTransformer": (dict(l1=4e-9, l2=9e-9, k=0.8), None, HZ),
    "Autotransformer": (dict(l1=4e-9, l2=9e-9, k=0.8), None, HZ),
    "Balun": (dict(n=2.0), None, HZ),
    "IdealAutotransformer": (dict(n=3.0), None, HZ),
    "IdealCentreTappedTransformer": (dict(n=2.0, tap=0.3), None, HZ),
    "BoxSection": (
        dict(g1=0.01, b1=0.02, g2=0.002, b2=-0.01, g3=0.005, b3=0.03, g4=0.004, b4=0.01),
        None, HZ,
    ),
    "BoxSectionClcc": (dict(c1=1e-12, l=5e-9, c2=2e-12, c3=0.5e-12), None, HZ),
    "PhaseLine": (dict(theta=120.0, f0=2e9, z0=30.0), ["z0", "theta"], HZ),
    "PhysicalLine": (
        dict(z0=50.0, eps_r=2.1, loss=0.5, f_ref=1e9, tand=1e-3, length=1.5),
        ["z0", "eps_r", "loss", "tand", "length"], HZ,
    ),
    "DatasheetCable": (dict(z0=75.0, vf=0.66, k1=1.3, k2=0.0025, length=3.0), None, HZ),
    "Stripline": (
        dict(w=2.66e-3, length=0.1, h=3.2e-3, eps_r=2.2, t=1e-5, tand=1e-3),
        ["w", "length"] + SUB, HZ,
    ),
    "CoplanarWaveguide": (
        dict(w=1e-4, s=6e-5, length=0.02, h=2.54e-4, eps_r=3.66, t=5e-6, tand=4e-3, grounded=True),
        ["w", "s", "length"] + SUB, HZ,
    ),
    "RectangularWaveguide": (
        dict(a=22.86e-3, b=10.16e-3, length=0.05, eps_r=1.2, tand=1e-4),
        ["a", "b", "length", "dielectric.eps_r", "dielectric.tand", "conductor.sigma",
         "conductor.mu_r"],
        np.linspace(8e9, 12e9, 5),
    ),
    "TaperedLine": (
        dict(z1=50.0, z2=100.0, length=0.08, eps_r=2.2, sections=16, profile="klopfenstein",
             ripple=0.02),
        ["z1", "z2", "eps_r", "length"], HZ,
    ),
    "FloatingLine": (
        dict(r=2.0, l=2.5e-7, g=1e-4, c=1e-10, length=0.3),
        ["line.r", "line.l", "line.g", "line.c", "line.length"], HZ,
    ),
}


@pytest.mark.parametrize("name", list(PARTS))
def test_every_part_has_pmrfs_names_and_an_exact_jacobian(name):
    kwargs, names, hz = PARTS[name]
    model = getattr(pc, name)(**kwargs)
    assert model.names == (names if names is not None else list(kwargs))
    freq = rs.Frequency(hz)
    s = model.s(freq)
    assert s.shape == (len(hz), model.nports, model.nports) and np.all(np.isfinite(s))
    jac = model.jacobian(freq)
    free = model.free_names
    assert jac.shape == s.shape + (len(free),)
    values = dict(zip(model.names, model.values))
    for k, p in enumerate(free):
        h = 1e-6 * abs(values[p])
        up = model.with_params({p: values[p] + h}).s(freq)
        down = model.with_params({p: values[p] - h}).s(freq)
        fd = (up - down) / (2 * h)
        # Both as the change of S per relative change of the parameter; the differences'
        # truncation error grows with that change (a long line's phase).
        exact = jac[..., k] * values[p]
        dev = np.abs(exact - fd * values[p]).max()
        assert dev < 1e-7 * max(1.0, np.abs(exact).max()), f"{name}: d S / d {p} off by {dev:.1e}"


def test_every_part_is_covered():
    covered = set(PARTS) | set(LOSSLESS) | {
        # Covered elsewhere (test_models.py, test_paramrf_fixtures.py) or above.
        "SeriesR", "SeriesL", "SeriesC", "ShuntR", "ShuntL", "ShuntC", "SeriesRlc", "ShuntRlc",
        "Resistor", "Inductor", "Capacitor", "LoadZ", "Attenuator", "Open", "Short", "Match",
        "DelayLine", "RlgcLine", "CoaxialLine", "Microstrip", "Junction", "Tee",
    }
    assert set(pc.__all__) <= covered, set(pc.__all__) - covered


# --- bad values ---

def taper(**kw):
    return pc.TaperedLine(z1=50, z2=100, length=0.1, **kw)


BAD = [
    ("negative length", lambda: pc.Stripline(w=1e-3, length=-0.1, h=2e-3, eps_r=3.0)),
    ("NaN", lambda: pc.SeriesCQ(c=np.nan, q=30.0)),
    ("NaN conductor", lambda: pc.CoaxialLine(d_in=1e-3, d_out=3e-3, length=1.0, sigma=np.nan)),
    ("out of bounds", lambda: pc.LoadGamma(gamma_re=2.0, gamma_im=0.0)),
    ("ports too many", lambda: pc.Open(ports=9)),
    ("ports zero", lambda: pc.Junction(ports=0)),
    ("ports negative", lambda: pc.ResistiveSplitter(ports=-2)),
    ("no matched arm", lambda: pc.ResistiveSplitter(ports=1)),
    ("unknown profile", lambda: taper(sections=8, profile="cosine")),
    ("no ripple", lambda: taper(sections=8, profile="klopfenstein")),
    ("stray ripple", lambda: taper(sections=8, ripple=0.1)),
    ("no sections", lambda: taper(sections=0)),
    ("negative sections", lambda: taper(sections=-3)),
    ("ripple out of range", lambda: taper(sections=8, profile="klopfenstein", ripple=1.5)),
    (
        "unknown quasistatic",
        lambda: pc.Microstrip(w=1e-3, length=0.01, h=5e-4, eps_r=3.0, quasistatic="schneider"),
    ),
    ("waveguide side", lambda: pc.RectangularWaveguide(a=-1.0, b=0.01, length=0.05)),
    ("cpw gap", lambda: pc.CoplanarWaveguide(w=1e-4, s=0.0, length=0.02, h=2.5e-4, eps_r=3.66)),
    ("phase line f0", lambda: pc.PhaseLine(theta=90.0, f0=0.0)),
    ("coupler", lambda: pc.DirectionalCoupler(coupling_db=-3.0, isolation_db=20.0)),
    ("coupling k", lambda: pc.CoupledInductors(l1=1e-9, l2=1e-9, k=1.5)),
]


@pytest.mark.parametrize("what, build", BAD, ids=[b[0] for b in BAD])
def test_bad_values_raise_pmrf_error(what, build):
    with pytest.raises(PmrfError):
        build()


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        pc.Open(ports=2.5)
    with pytest.raises(TypeError):
        pc.SeriesCQ(c="1p", q=30.0)
    with pytest.raises(TypeError):
        pc.TaperedLine(z1=50, z2=100, length=0.1, sections=8, profile=3)
    with pytest.raises(TypeError):
        pc.SeriesCQ(1e-12, 30.0)  # keyword-only


def test_error_messages_name_the_value():
    with pytest.raises(PmrfError, match="ports = 9.*1 to 8"):
        pc.Short(ports=9)
    with pytest.raises(PmrfError, match="'cosine'.*'linear', 'exponential' or 'klopfenstein'"):
        pc.TaperedLine(z1=50, z2=100, length=0.1, sections=8, profile="cosine")
    with pytest.raises(PmrfError, match="length"):
        pc.Stripline(w=1e-3, length=-0.1, h=2e-3, eps_r=3.0)
