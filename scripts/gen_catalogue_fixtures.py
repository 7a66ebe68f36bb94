"""Reference S-parameters of the lumped, section and ideal catalogue (issue 7), written to
tests/fixtures/catalogue_lumped.json and tests/fixtures/catalogue_ideal.json for
tests/lumped.rs and tests/ideal.rs.

Run once, by hand, outside CI (scikit-rf 2.2.0 and paramrf 0.37.6, scripts/requirements.txt):
    .venv/bin/python scripts/gen_catalogue_fixtures.py

Every case holds the pmrf type, its parameter values in pmrf's flat (declaration) order and
SI units, and the reference S at 50 ohm on 41 points from 100 MHz to 10 GHz. The reference is
built by scikit-rf from its own elements and operations (media elements, cascades `**`,
`connect`, `shunt`, Z/Y conversions), and wherever ParamRF has the part, ParamRF's S is
computed too and asserted to agree with it to 1e-9 (`cross` in the case). A few parts exist in
neither library in this form; they are checked against closed forms in the Rust tests and are
not listed here:
  * Isolator with both insertion loss and finite isolation, Amplifier with finite reverse
    isolation, DirectionalCoupler with finite isolation (pmrf's own passive completion).
The 2-port IdealTransformer (common ground) is ParamRF's 4-port Transformer with ports 2 and 4
shorted by scikit-rf's connect.
"""

import json
import pathlib

import pmrf as prf  # import before jax/numpy: it enables float64
import numpy as np
import skrf as rf
from skrf.network import connect
from pmrf import models as pm

TOL = 1e-9
Z0 = 50.0

freq = rf.Frequency(100, 10000, 41, "MHz")
pfreq = prf.Frequency(100, 10000, 41, "MHz")
assert np.array_equal(freq.f, np.asarray(pfreq.f))
m = rf.media.DefinedGammaZ0(freq, z0=Z0)
w = 2 * np.pi * freq.f


def prf_s(model, **kw):
    return np.asarray(model.s(pfreq, **kw))


def series_y(y):
    """A series element of admittance y(f), through scikit-rf's y2s."""
    ones = np.array([[1, -1], [-1, 1]])
    return rf.network.y2s(y[:, None, None] * ones, Z0)


def shunt_one_port(z):
    """A 1-port of impedance z(f) (scikit-rf's z2s) placed in shunt by Media.shunt."""
    one = rf.Network(frequency=freq, s=rf.network.z2s(z[:, None, None], Z0), z0=Z0)
    return m.shunt(one).s


def shunt_z(z):
    """A shunt element of impedance z(f): its Z matrix z [[1, 1], [1, 1]] through z2s."""
    return rf.network.z2s(z[:, None, None] * np.ones((2, 2)), Z0)


def agree(name, a, b):
    d = np.max(np.abs(np.asarray(a) - np.asarray(b)))
    assert d <= TOL, f"{name}: references differ by {d}"
    return float(d)


def case(model, params, s, reference, cross=None, cross_name=None):
    s = np.asarray(s)
    out = {
        "model": model,
        "params": [float(p) for p in params],
        "reference": reference,
        "nports": int(s.shape[1]),
        "s_re": np.real(s).tolist(),
        "s_im": np.imag(s).tolist(),
    }
    if cross is not None:
        out["cross"] = f"{cross_name}, max |difference| {agree(model, s, cross):.1e}"
    return out


def lumped_cases():
    c = {}
    short = m.short()

    C, Q = 1.5e-12, 80.0
    y = 1j * w * C / (1 + 1j / Q)
    c["series_cq"] = case("SeriesCQ", [C, Q], series_y(y), "scikit-rf y2s of Y = jwC/(1 + j/Q)",
                          prf_s(pm.CapacitorQ(C=C, Q=Q)), "ParamRF CapacitorQ")
    C, Q = 2e-12, 60.0
    z = (1 + 1j / Q) / (1j * w * C)
    c["shunt_cq"] = case("ShuntCQ", [C, Q], shunt_one_port(z),
                         "scikit-rf Media.shunt of a 1-port Z = (1 + j/Q)/(jwC)",
                         shunt_z(z), "scikit-rf z2s of the shunt Z matrix")
    L, Q = 6e-9, 45.0
    y = 1 / (w * L * (1 / Q + 1j))
    c["series_lq"] = case("SeriesLQ", [L, Q], series_y(y), "scikit-rf y2s of Y = 1/(wL(1/Q + j))",
                          prf_s(pm.InductorQ(L=L, Q=Q)), "ParamRF InductorQ")
    L, Q = 4e-9, 30.0
    z = w * L * (1 / Q + 1j)
    c["shunt_lq"] = case("ShuntLQ", [L, Q], shunt_one_port(z),
                         "scikit-rf Media.shunt of a 1-port Z = wL(1/Q + j)",
                         shunt_z(z), "scikit-rf z2s of the shunt Z matrix")

    C, R = 1.2e-12, 0.8
    c["series_cesr"] = case("SeriesCEsr", [C, R], (m.resistor(R) ** m.capacitor(C)).s,
                            "scikit-rf resistor ** capacitor")
    C, R = 2.2e-12, 1.5
    c["shunt_cesr"] = case("ShuntCEsr", [C, R],
                           m.shunt(m.resistor(R) ** m.capacitor(C) ** short).s,
                           "scikit-rf shunt(resistor ** capacitor ** short)")
    L, R = 5e-9, 2.0
    c["series_lesr"] = case("SeriesLEsr", [L, R], (m.resistor(R) ** m.inductor(L)).s,
                            "scikit-rf resistor ** inductor",
                            prf_s(pm.SeriesRL(R=R, L=L)), "ParamRF SeriesRL")
    L, R = 7e-9, 3.0
    c["shunt_lesr"] = case("ShuntLEsr", [L, R],
                           m.shunt(m.resistor(R) ** m.inductor(L) ** short).s,
                           "scikit-rf shunt(resistor ** inductor ** short)")

    R, L, C = 4.0, 8e-9, 0.8e-12
    c["series_rlc"] = case("SeriesRlc", [R, L, C],
                           (m.resistor(R) ** m.inductor(L) ** m.capacitor(C)).s,
                           "scikit-rf resistor ** inductor ** capacitor")
    R, L, C = 2.0, 5e-9, 1.1e-12
    c["shunt_rlc"] = case("ShuntRlc", [R, L, C],
                          m.shunt(m.resistor(R) ** m.inductor(L) ** m.capacitor(C) ** short).s,
                          "scikit-rf shunt(resistor ** inductor ** capacitor ** short)")
    R, L, C = 300.0, 3e-9, 1.5e-12
    y = m.resistor(R).y + m.inductor(L).y + m.capacitor(C).y
    c["series_parallel_rlc"] = case(
        "SeriesParallelRlc", [R, L, C], rf.network.y2s(y, Z0),
        "scikit-rf y2s of the summed Y matrices of its resistor, inductor and capacitor",
        series_y(1 / R + 1 / (1j * w * L) + 1j * w * C), "scikit-rf y2s of the closed-form Y")
    R, L, C = 150.0, 2e-9, 3e-12
    c["shunt_parallel_rlc"] = case(
        "ShuntParallelRlc", [R, L, C],
        (m.shunt_resistor(R) ** m.shunt_inductor(L) ** m.shunt_capacitor(C)).s,
        "scikit-rf shunt_resistor ** shunt_inductor ** shunt_capacitor")

    R, X = 30.0, -20.0
    c["series_impedance"] = case("SeriesImpedance", [R, X], m.resistor(R + 1j * X).s,
                                 "scikit-rf resistor of complex value",
                                 prf_s(pm.Impedance(R=R, X=X)), "ParamRF Impedance")
    R, X = 40.0, 25.0
    c["shunt_impedance"] = case("ShuntImpedance", [R, X],
                                m.shunt(m.resistor(R + 1j * X) ** short).s,
                                "scikit-rf shunt(resistor of complex value ** short)")
    G, B = 0.01, 0.02
    c["series_admittance"] = case("SeriesAdmittance", [G, B], m.resistor(1 / (G + 1j * B)).s,
                                  "scikit-rf resistor of value 1/Y",
                                  prf_s(pm.Admittance(G=G, B=B)), "ParamRF Admittance")
    G, B = 0.004, -0.015
    c["shunt_admittance"] = case("ShuntAdmittance", [G, B],
                                 m.shunt(m.resistor(1 / (G + 1j * B)) ** short).s,
                                 "scikit-rf shunt(resistor of value 1/Y ** short)")

    # Sections: scikit-rf cascades of their branches, ParamRF's sections.
    def shunt_y(y):
        return m.shunt(m.resistor(1 / y) ** short)

    p = [0.01, 0.02, 0.002, -0.01, 0.005, 0.03]
    y1, y2, y3 = p[0] + 1j * p[1], p[2] + 1j * p[3], p[4] + 1j * p[5]
    c["pi_section"] = case("PiSection", p,
                           (shunt_y(y1) ** m.resistor(1 / y3) ** shunt_y(y2)).s,
                           "scikit-rf shunt ** series ** shunt",
                           prf_s(pm.PiSection(Y1=y1, Y2=y2, Y3=y3)), "ParamRF PiSection")
    p = [10.0, 20.0, 5.0, -15.0, 30.0, -40.0]
    z1, z2, z3 = p[0] + 1j * p[1], p[2] + 1j * p[3], p[4] + 1j * p[5]
    c["t_section"] = case("TSection", p,
                          (m.resistor(z1) ** m.shunt(m.resistor(z3) ** short) ** m.resistor(z2)).s,
                          "scikit-rf series ** shunt ** series",
                          prf_s(pm.TSection(Z1=z1, Z2=z2, Z3=z3)), "ParamRF TSection")
    p = [12.0, 35.0, 0.003, 0.012]
    z, y = p[0] + 1j * p[1], p[2] + 1j * p[3]
    c["l_section"] = case("LSection", p, (m.resistor(z) ** shunt_y(y)).s,
                          "scikit-rf series ** shunt",
                          prf_s(pm.LSection(Z=z, Y=y)), "ParamRF LSection")
    C1, L, C2 = 1.2e-12, 4e-9, 2e-12
    c["pi_section_clc"] = case(
        "PiSectionClc", [C1, L, C2],
        (m.shunt_capacitor(C1) ** m.inductor(L) ** m.shunt_capacitor(C2)).s,
        "scikit-rf shunt_capacitor ** inductor ** shunt_capacitor",
        prf_s(pm.PiSectionCLC(C1=C1, L=L, C2=C2)), "ParamRF PiSectionCLC")
    L1, C, L2 = 3e-9, 1.5e-12, 5e-9
    c["t_section_lcl"] = case(
        "TSectionLcl", [L1, C, L2],
        (m.inductor(L1) ** m.shunt_capacitor(C) ** m.inductor(L2)).s,
        "scikit-rf inductor ** shunt_capacitor ** inductor",
        prf_s(pm.TSectionLCL(L1=L1, C=C, L2=L2)), "ParamRF TSectionLCL")
    L, C = 6e-9, 2.5e-12
    c["l_section_lc"] = case("LSectionLc", [L, C], (m.inductor(L) ** m.shunt_capacitor(C)).s,
                             "scikit-rf inductor ** shunt_capacitor",
                             prf_s(pm.LSectionLC(L=L, C=C)), "ParamRF LSectionLC")
    return c


def ideal_cases():
    c = {}
    c["open"] = case("Open", [], m.open().s, "scikit-rf Media.open", prf_s(pm.Open()), "ParamRF Open")
    c["short"] = case("Short", [], m.short().s, "scikit-rf Media.short", prf_s(pm.Short()),
                      "ParamRF Short")
    c["match"] = case("Match", [], m.match().s, "scikit-rf Media.match", prf_s(pm.Match()),
                      "ParamRF Match")
    c["open3"] = case("Open<3>", [], m.open(nports=3).s, "scikit-rf Media.open(nports=3)",
                      prf_s(pm.Open(nports=3)), "ParamRF Open(nports=3)")
    c["short2"] = case("Short<2>", [], m.short(nports=2).s, "scikit-rf Media.short(nports=2)")
    c["match2"] = case("Match<2>", [], m.match(nports=2).s, "scikit-rf Media.match(nports=2)")

    port = m.match(z0=75.0)
    port.renormalize(Z0)
    c["port_75"] = case("Port", [75.0], port.s, "scikit-rf 75 ohm match renormalised to 50 ohm",
                        prf_s(pm.Port(z0=75.0), z0=Z0), "ParamRF Port(75).s(z0=50)")
    R, X = 20.0, 35.0
    c["load_z"] = case("LoadZ", [R, X], (m.resistor(R + 1j * X) ** m.short()).s,
                       "scikit-rf resistor of complex value ** short",
                       rf.network.z2s(np.full((len(w), 1, 1), R + 1j * X), Z0),
                       "scikit-rf z2s")
    g = 0.3 - 0.4j
    c["load_gamma"] = case("LoadGamma", [g.real, g.imag], m.load(g).s, "scikit-rf Media.load",
                           prf_s(pm.Load(gamma=g)), "ParamRF Load")
    mag, deg = 0.7, 135.0
    c["load_gamma_polar"] = case("LoadGammaPolar", [mag, deg],
                                 m.load(mag * np.exp(1j * np.deg2rad(deg))).s,
                                 "scikit-rf Media.load of mag e^(j deg)")

    c["attenuator"] = case("Attenuator", [6.5], m.attenuator(-6.5).s,
                           "scikit-rf Media.attenuator(-6.5 dB)",
                           prf_s(pm.Attenuator(loss=6.5)), "ParamRF Attenuator")
    c["isolator"] = case("Isolator", [0.7, np.inf], (m.isolator() ** m.attenuator(-0.7)).s,
                         "scikit-rf isolator ** attenuator(-0.7 dB)")
    c["isolator_finite"] = case("Isolator", [0.0, 25.0], prf_s(pm.Isolator(isolation=25.0)),
                                "ParamRF Isolator(isolation = 25 dB)")
    amp = prf_s(pm.Amplifier(gain=15.0))
    c["amplifier"] = case("Amplifier", [15.0, np.inf], amp, "ParamRF Amplifier(gain = 15 dB)")

    n = 1.7
    t4 = prf_s(pm.Transformer(N=n))
    c["transformer4"] = case("IdealTransformer4", [n], t4, "ParamRF Transformer(N = 1.7)")
    t4n = rf.Network(frequency=freq, s=t4, z0=Z0)
    t2 = connect(connect(t4n, 3, m.short(), 0), 1, m.short(), 0)
    c["transformer2"] = case("IdealTransformer", [n], t2.s,
                             "ParamRF Transformer(N = 1.7) with ports 2 and 4 shorted (scikit-rf connect)")

    cdb = 10.0
    c["coupler"] = case("DirectionalCoupler", [cdb, np.inf],
                        prf_s(pm.DirectionalCoupler(coupling=10 ** (-cdb / 20))),
                        "ParamRF DirectionalCoupler(coupling = 10^(-10/20))")

    c["tee"] = case("Tee", [], m.tee().s, "scikit-rf Media.tee", prf_s(pm.Tee()), "ParamRF Tee")
    c["junction4"] = case("Junction<4>", [], m.splitter(4).s, "scikit-rf Media.splitter(4)",
                          prf_s(pm.Splitter(nports=4)), "ParamRF Splitter(nports=4)")

    def star(junction, arms):
        """A junction with resistor arms[k] between its port k and the outside, each
        connected with scikit-rf's connect (a 2-port on a port keeps the port's number)."""
        net = junction
        for k, r in enumerate(arms):
            net = connect(net, k, m.resistor(r), 1)
        return net

    for name, r in [("resistive_splitter", Z0 / 3), ("resistive_splitter_10", 10.0)]:
        c[name] = case("ResistiveSplitter", [r], star(m.tee(), [r, r, r]).s,
                       f"scikit-rf tee with a {r:.6g} ohm resistor on each arm")
    c["resistive_splitter4"] = case("ResistiveSplitter<4>", [25.0],
                                    star(m.splitter(4), [25.0] * 4).s,
                                    "scikit-rf splitter(4) with a 25 ohm resistor on each arm")
    for name, r in [("power_splitter", 50.0), ("power_splitter_20", 20.0)]:
        s = star(m.tee(), [0.0, r, r]).s
        c[name] = case("PowerSplitter", [r], s,
                       f"scikit-rf tee with {r:.6g} ohm resistors on arms 2 and 3")
    return c


root = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"
for file, cases in [("catalogue_lumped.json", lumped_cases()), ("catalogue_ideal.json", ideal_cases())]:
    out = {
        "source": f"scikit-rf {rf.__version__}, paramrf {prf.__version__}",
        "generator": "scripts/gen_catalogue_fixtures.py",
        "z0": Z0,
        "frequency_hz": freq.f.tolist(),
        "cases": cases,
    }
    text = json.dumps(out, indent=1).replace("Infinity", '"inf"')
    (root / file).write_text(text)
    print(f"wrote {root / file}: {len(cases)} cases")
