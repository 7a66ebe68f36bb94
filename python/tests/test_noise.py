"""Noise from Python: the noise data of Touchstone files (`Network.nfmin`, `noise_figure`, ...)
and noise cascades against scikit-rf 2.2.0 (`tests/fixtures/noise.json`, made by
`scripts/gen_noise_fixtures.py`, the tolerances of tests/noise.rs), the thermal noise of
passive models against Bosma's theorem and closed forms, and bad input raising PmrfError or
TypeError."""

import json
from pathlib import Path

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

ROOT = Path(__file__).resolve().parents[2]
FX = json.loads((ROOT / "tests" / "fixtures" / "noise.json").read_text())
GAMMAS = np.array(FX["gamma_s"]["re"]) + 1j * np.array(FX["gamma_s"]["im"])
T0 = 290.0


def cplx(v):
    return np.array(v["re"]) + 1j * np.array(v["im"])


def read(name):
    return rs.Network.read(ROOT / FX["files"][name]["path"])


@pytest.mark.parametrize("name", sorted(FX["files"]))
def test_touchstone_noise_figures_match_scikit_rf(name):
    e = FX["files"][name]
    net = read(name)
    assert net.has_noise
    grid = rs.Frequency(np.array(e["f_hz"]))
    for j, g in enumerate(GAMMAS):
        want = 10 * np.log10(np.array(e["nf"][j]))
        np.testing.assert_allclose(net.noise_figure(g, frequency=grid), want, rtol=0, atol=1e-11)
        te = net.noise_temperature(g, frequency=grid)
        np.testing.assert_allclose(te, T0 * (np.array(e["nf"][j]) - 1), rtol=1e-11)


@pytest.mark.parametrize("name", sorted(FX["files"]))
def test_noise_parameters_over_the_noise_grid(name):
    net = read(name)
    nfmin, gopt, rn = net.nfmin, net.gamma_opt, net.rn
    n = len(net.noise_frequency)
    assert nfmin.shape == rn.shape == gopt.shape == (n,) and gopt.dtype == np.complex128
    np.testing.assert_allclose(net.nfmin_db, 10 * np.log10(nfmin), rtol=1e-14)
    assert np.all(nfmin >= 1) and np.all(rn > 0)
    # From gamma_opt the noise factor is the minimum; by default on the noise grid (where it
    # lies inside the S band).
    hz = net.noise_frequency.hz
    inside = (hz >= net.f[0]) & (hz <= net.f[-1])
    for k in np.flatnonzero(inside):
        one = rs.Frequency(hz[k : k + 1])
        nf = net.noise_figure(gopt[k], frequency=one)
        np.testing.assert_allclose(nf, net.nfmin_db[k], atol=1e-12)


def test_ntwk_noise_file_against_scikit_rf_directly():
    skrf = pytest.importorskip("skrf")
    path = ROOT / FX["files"]["ntwk_noise"]["path"]
    ours, theirs = rs.Network.read(path), skrf.Network(str(path))
    np.testing.assert_allclose(ours.noise_frequency.hz, theirs.noise_freq.f)
    # scikit-rf interpolates its noise onto the network's grid; compare there.
    grid = rs.Frequency(theirs.f)
    for g in GAMMAS[:3]:
        want = 10 * np.log10(theirs.nf(50 * (1 + g) / (1 - g)))
        np.testing.assert_allclose(ours.noise_figure(g, frequency=grid), want, atol=1e-10)


@pytest.mark.parametrize("name", sorted(FX["cascades"]))
def test_noise_cascades_match_scikit_rf(name):
    e = FX["cascades"][name]
    att = pc.Attenuator(loss_db=FX["attenuator_db"])
    stages = {"v1_v2": [read("v1_noise"), read("v2_noise")],
              "v1_att": [read("v1_noise"), att],
              "att_v1": [att, read("v1_noise")]}[name]
    grid = rs.Frequency(np.array(e["f_hz"]))
    out = rs.noise_cascade(stages, grid)
    assert out.has_noise and out.nports == 2
    s = cplx(e["s"])
    np.testing.assert_allclose(out.s, s, rtol=0, atol=1e-12 * np.abs(s).max())
    np.testing.assert_allclose(out.nfmin, e["nf_min"], rtol=1e-12)
    np.testing.assert_allclose(out.rn, e["rn_ohm"], rtol=1e-12)
    np.testing.assert_allclose(out.gamma_opt, cplx(e["gamma_opt"]), rtol=0, atol=1e-12)
    for j, g in enumerate(GAMMAS):
        got = out.noise_figure(g)  # default: its own grid
        np.testing.assert_allclose(got, 10 * np.log10(e["nf"][j]), rtol=0, atol=1e-11)


def test_friis_for_a_matched_loss_before_an_amplifier():
    # Friis: F = F1 + (F2 - 1) / G1. A matched attenuator first: F1 = L, G1 = 1 / L, and the
    # amplifier sees a matched source (F2 from gamma_s = 0).
    amp = read("v1_noise")
    grid = rs.Frequency(np.array(FX["cascades"]["att_v1"]["f_hz"]))
    f2 = 10 ** (amp.noise_figure(0, frequency=grid) / 10)
    for loss_db in [1.0, 6.0]:
        lin = 10 ** (loss_db / 10)
        both = rs.noise_cascade([pc.Attenuator(loss_db=loss_db), amp], grid)
        np.testing.assert_allclose(10 ** (both.noise_figure(0) / 10), lin + (f2 - 1) * lin,
                                   rtol=1e-12)


def test_attenuator_noise_figure_is_its_loss_and_scales_with_temperature():
    f = rs.Frequency.linspace(1, 3, 5, "GHz")
    for loss in [0.5, 3.0, 10.0]:
        att = pc.Attenuator(loss_db=loss)
        np.testing.assert_allclose(att.noise_figure(f), loss, atol=1e-12)
        # At a physical temperature T: F = 1 + (L - 1) T / T0.
        lin = 10 ** (loss / 10)
        want = 10 * np.log10(1 + (lin - 1) * 77.0 / T0)
        np.testing.assert_allclose(att.noise_figure(f, temperature=77.0), want, atol=1e-12)
        # Reversed, the same.
        np.testing.assert_allclose(att.noise_figure(f, input=1, output=0), loss, atol=1e-12)


def test_lossless_models_have_no_noise():
    f = rs.Frequency.linspace(0.5, 5, 7, "GHz")
    lc = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.SeriesL(l=5e-9)])
    np.testing.assert_allclose(lc.noise_correlation(f), 0, atol=1e-9)
    np.testing.assert_allclose(lc.noise_figure(f, 0.3 - 0.2j), 0, atol=1e-12)


def test_bosma_correlation_of_lossy_models():
    f = rs.Frequency.linspace(0.5, 5, 7, "GHz")
    for model in [rs.cascade([pc.SeriesR(r=30.0), pc.ShuntC(c=1e-12)]), pc.Resistor(r=75.0)]:
        s = model.s(f)
        for t in [T0, 4.0]:
            eye = np.eye(model.nports)
            want = t * (eye - s @ np.conj(np.swapaxes(s, 1, 2)))
            c = model.noise_correlation(f, temperature=t)
            assert c.shape == s.shape and c.dtype == np.complex128
            np.testing.assert_allclose(c, want, rtol=0, atol=1e-12 * t)
    # 50 ohm in series between 50 ohm ports at T0 from a matched source: F = 2 (3.01 dB).
    nf = pc.SeriesR(r=50.0).noise_figure(f)
    np.testing.assert_allclose(nf, 10 * np.log10(2), atol=1e-12)


def test_noise_errors():
    f = rs.Frequency.linspace(1, 2, 3, "GHz")
    plain = pc.Attenuator(loss_db=3).network(f)
    assert not plain.has_noise
    for get in [lambda: plain.nfmin, lambda: plain.rn, lambda: plain.noise_figure(),
                lambda: plain.noise_frequency]:
        with pytest.raises(rs.PmrfError, match="has no noise data"):
            get()
    net = read("ntwk_noise")
    with pytest.raises(rs.PmrfError, match="gamma_s"):
        net.noise_figure(1.5)
    with pytest.raises(rs.PmrfError, match="gamma_s"):
        net.noise_figure(complex(np.nan, 0))
    with pytest.raises(TypeError, match="gamma_s"):
        net.noise_figure("0.1")
    with pytest.raises(rs.PmrfError, match="no extrapolation"):
        net.noise_figure(0, frequency=rs.Frequency.linspace(1, 9, 3, "GHz"))
    att = pc.Attenuator(loss_db=3)
    with pytest.raises(rs.PmrfError, match="temperature"):
        att.noise_figure(f, temperature=-1.0)
    with pytest.raises(rs.PmrfError, match="temperature"):
        att.noise_correlation(f, temperature=np.nan)
    with pytest.raises(rs.PmrfError, match="ports must be"):
        att.noise_figure(f, input=1, output=1)
    with pytest.raises(rs.PmrfError, match="ports must be"):
        pc.Resistor(r=50.0).noise_figure(f)
    # Gain is not passive: Bosma's theorem does not apply.
    amp = rs.Network(f, np.array([[[0, 0], [10, 0]]] * 3, dtype=complex))
    with pytest.raises(rs.PmrfError, match="passive"):
        rs.noise_cascade([amp, att], f)
    with pytest.raises(rs.PmrfError, match="at least one stage"):
        rs.noise_cascade([], f)
    with pytest.raises(TypeError, match="Network or a Model"):
        rs.noise_cascade([att, 3.0], f)
    with pytest.raises(rs.PmrfError, match="2-port"):
        rs.noise_cascade([pc.Resistor(r=50.0)], f)
    # A lossless whole has no noise parameters (no input noise voltage).
    with pytest.raises(rs.PmrfError, match="noise voltage"):
        rs.noise_cascade([pc.SeriesL(l=1e-9)], f)


def test_noise_survives_renamed_but_not_other_operations():
    net = read("ntwk_noise")
    assert net.renamed("x").has_noise and net.renamed("x").name == "x"
    assert not net.cropped(net.f[0], net.f[-1]).has_noise


@pytest.mark.parametrize("name", sorted(FX["files"]))
def test_noise_data_crosses_to_scikit_rf_and_back(name):
    skrf = pytest.importorskip("skrf")
    path = ROOT / FX["files"][name]["path"]
    ours = rs.Network.read(path)
    # To scikit-rf: its noise figures (interpolated onto its network grid) are ours there.
    theirs = ours.to_skrf()
    assert theirs.noisy
    np.testing.assert_array_equal(theirs.noise_freq.f, ours.noise_frequency.hz)
    inside = (theirs.f >= ours.noise_frequency.hz[0]) & (theirs.f <= ours.noise_frequency.hz[-1])
    grid = rs.Frequency(theirs.f[inside])
    for g in GAMMAS[:3]:
        with np.errstate(invalid="ignore", divide="ignore"):  # no noise outside its band
            want = 10 * np.log10(theirs.nf(50 * (1 + g) / (1 - g)))[inside]
        np.testing.assert_allclose(ours.noise_figure(g, frequency=grid), want, atol=1e-10)
    # And back: the same noise parameters.
    for back in [rs.Network.from_skrf(theirs)] + (
        # scikit-rf's own reading of the file, except a version 2 file, whose Rn scikit-rf
        # 2.2 reads as ohm instead of normalised (scripts/gen_noise_fixtures.py).
        [] if name == "v2_noise" else [rs.Network.from_skrf(skrf.Network(str(path)))]
    ):
        np.testing.assert_array_equal(back.noise_frequency.hz, ours.noise_frequency.hz)
        np.testing.assert_allclose(back.nfmin_db, ours.nfmin_db, rtol=0, atol=1e-12)
        np.testing.assert_allclose(back.gamma_opt, ours.gamma_opt, rtol=0, atol=1e-12)
        np.testing.assert_allclose(back.rn, ours.rn, rtol=1e-12)


def test_with_noise_builds_noise_data_and_checks_it():
    net = pc.SeriesR(r=10.0).network(rs.Frequency.linspace(1, 2, 3))
    f = rs.Frequency.linspace(1, 2, 2)
    noisy = net.with_noise(f, [1.0, 1.2], [0.1 + 0.2j, 0.2], [20.0, 25.0])
    np.testing.assert_allclose(noisy.nfmin_db, [1.0, 1.2])
    np.testing.assert_allclose(noisy.gamma_opt, [0.1 + 0.2j, 0.2])
    np.testing.assert_allclose(noisy.rn, [20.0, 25.0])
    np.testing.assert_allclose(noisy.noise_figure(noisy.gamma_opt[0], frequency=rs.Frequency.linspace(1, 1, 1)), [1.0], atol=1e-12)
    with pytest.raises(rs.PmrfError, match="as many"):
        net.with_noise(f, [1.0], [0.1, 0.2], [20.0, 25.0])
    with pytest.raises(rs.PmrfError, match="rn"):
        net.with_noise(f, [1.0, 1.2], [0.1, 0.2], [20.0, -1.0])
    with pytest.raises(rs.PmrfError, match="gamma_opt"):
        net.with_noise(f, [1.0, 1.2], [0.1, 1.5], [20.0, 25.0])
