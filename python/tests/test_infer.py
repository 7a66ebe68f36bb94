"""Bayesian inference from Python (`pmrf_rs.nuts`, `pmrf_rs.nested`, `pmrf_rs.Posterior`).

A series capacitor measured with known Gaussian noise: its posterior is evaluated on a dense
grid here (numpy, through `model.s`), and NUTS's mean and sd of C must lie within 4 Monte
Carlo standard errors of the grid's, nested sampling's log-evidence within 3 of its reported
errors of the grid integral. The log density equals the hand formula (likelihood, uniform
prior, logit Jacobian) to 1e-12 and its gradient central differences; seeds reproduce bit for
bit; bad input raises PmrfError or TypeError; `to_arviz` gives ArviZ's InferenceData.
"""

import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs.components import SeriesC

FREQ = rs.Frequency.linspace(0.5, 5, 20)
SIGMA = 0.01
LO, HI = 1e-12, 3e-12
MODEL = SeriesC(c=2.1e-12).bounded("c", LO, HI)


def measured():
    """A 2 pF series capacitor's S plus complex Gaussian noise of SIGMA per part."""
    rng = np.random.default_rng(7)
    s = SeriesC(c=2e-12).s(FREQ)
    s = s + SIGMA * (rng.standard_normal(s.shape) + 1j * rng.standard_normal(s.shape))
    return rs.Network(FREQ, s)


DATA = measured()


def log_likelihood(c, sigma=SIGMA, data=DATA):
    """ln L by hand: every real and imaginary part of S independent N(0, sigma^2)."""
    d = MODEL.with_params({"c": c}).s(FREQ) - data.s
    d = np.concatenate([d.real.ravel(), d.imag.ravel()])
    n = d.size
    return -0.5 * np.sum(d**2) / sigma**2 - n * math.log(sigma) - 0.5 * n * math.log(2 * math.pi)


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


@pytest.fixture(scope="module")
def grid():
    """The posterior of C on a dense grid around its mode (uniform prior on [LO, HI])."""
    c = np.linspace(1.94e-12, 2.06e-12, 3001)
    ll = np.array([log_likelihood(x) for x in c])
    w = np.exp(ll - ll.max())
    mean = np.sum(w * c) / np.sum(w)
    sd = math.sqrt(np.sum(w * (c - mean) ** 2) / np.sum(w))
    # Z = integral of L times the prior density 1 / (HI - LO).
    log_z = ll.max() + math.log(np.sum(w) * (c[1] - c[0])) - math.log(HI - LO)
    assert 8 * sd < 0.06e-12, "the grid must hold the whole posterior"
    return mean, sd, log_z


def test_log_density_equals_the_hand_formula_and_its_gradient_is_exact():
    post = rs.Posterior(MODEL, DATA, sigma=SIGMA)
    assert post.names == ["c"] and post.dim == 1 and post.count == 20 * 4 * 2
    for z in [-1.3, 0.0, 0.05, 2.0]:
        c = LO + (HI - LO) * sigmoid(z)
        s = sigmoid(z)
        # Uniform prior ln(1 / (HI - LO)), Jacobian ln((HI - LO) s (1 - s)).
        want = log_likelihood(c) + math.log(s * (1 - s))
        value, grad = post.log_density(np.array([z]))
        assert value == pytest.approx(want, rel=1e-12, abs=1e-9)
        assert post.log_likelihood(np.array([c])) == pytest.approx(log_likelihood(c), rel=1e-12)
        h = 1e-6
        up, _ = post.log_density(np.array([z + h]))
        down, _ = post.log_density(np.array([z - h]))
        assert grad[0] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-3)
        np.testing.assert_allclose(post.to_physical(np.array([z])), [c], rtol=1e-14)
        np.testing.assert_allclose(post.to_unconstrained(np.array([c])), [z], atol=1e-9)


def test_inferred_sigma_adds_a_coordinate_with_pmrfs_default_prior():
    post = rs.Posterior(MODEL, DATA)
    assert post.names == ["c", "sigma"]
    z = np.array([0.1, -2.0])
    c = LO + (HI - LO) * sigmoid(z[0])
    lo, hi = 1e-6, 0.1
    sigma = lo + (hi - lo) * sigmoid(z[1])
    jac = sum(math.log(sigmoid(v) * (1 - sigmoid(v))) for v in z)
    want = log_likelihood(c, sigma) + jac
    value, grad = post.log_density(z)
    assert value == pytest.approx(want, rel=1e-12)
    for k in range(2):
        e = np.zeros(2)
        e[k] = 1e-6
        fd = (post.log_density(z + e)[0] - post.log_density(z - e)[0]) / 2e-6
        assert grad[k] == pytest.approx(fd, rel=1e-5, abs=1e-3)


def test_student_t_likelihood_matches_its_formula():
    nu = 4.0
    post = rs.Posterior(MODEL, DATA, sigma=SIGMA, nu=nu)
    c = 2.01e-12
    d = MODEL.with_params({"c": c}).s(FREQ) - DATA.s
    d = np.concatenate([d.real.ravel(), d.imag.ravel()])
    const = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
    want = d.size * (const - math.log(SIGMA)) - 0.5 * (nu + 1) * np.sum(
        np.log1p(d**2 / (nu * SIGMA**2))
    )
    assert post.log_likelihood(np.array([c])) == pytest.approx(want, rel=1e-12)


def test_nuts_matches_the_grid_posterior(grid):
    mean, sd, _ = grid
    samples = rs.nuts(MODEL, DATA, sigma=SIGMA, draws=400, tune=300, chains=4, seed=3)
    assert samples.sampler == "nuts" and samples.names == ["c"]
    assert samples.draws.shape == (4, 400, 1) and samples.sigma is None
    assert samples.divergences == 0 and samples.diverging.shape == (4, 400)
    assert samples.evaluations >= 4 * 700 and samples.seconds > 0
    summary = samples.summary()
    ess = summary.ess_bulk[0]
    assert ess > 200 and summary.r_hat[0] < 1.02
    assert abs(summary.mean[0] - mean) < 4 * sd / math.sqrt(ess)
    assert abs(summary.sd[0] - sd) < 4 * sd / math.sqrt(2 * ess)
    np.testing.assert_allclose(summary.mean[0], samples.draws.mean(), rtol=1e-12)
    row = summary["c"]
    assert set(row) == {"mean", "sd", "q5", "q25", "q50", "q75", "q95", "r_hat", "ess_bulk"}
    assert row["q5"] < row["q50"] < row["q95"]
    assert "pF" in repr(summary) and "R-hat" in repr(summary)
    # Models at a draw and at the median.
    assert samples.model(5).values[0] == samples.draws[0, 5, 0]
    assert samples.model(-1).values[0] == samples.draws[-1, -1, 0]
    assert samples.median_model().values[0] == pytest.approx(row["q50"], rel=1e-15)
    with pytest.raises(IndexError):
        samples.model(1600)


def test_nuts_with_inferred_noise_recovers_it():
    samples = rs.nuts(MODEL, DATA, draws=200, tune=200, chains=2, seed=1, mass_matrix="dense")
    assert samples.sigma.shape == (2, 200)
    summary = samples.summary()
    assert summary.names == ["c", "sigma"]
    # 160 values: the noise level is known to about 1 / sqrt(2 * 160) = 6 %.
    assert abs(summary.mean[1] / SIGMA - 1) < 0.25


def test_nested_evidence_matches_the_grid_integral(grid):
    mean, sd, log_z = grid
    samples = rs.nested(MODEL, DATA, sigma=SIGMA, n_live=100, seed=2)
    assert samples.sampler == "nested" and samples.converged
    err = samples.log_evidence_error
    assert 0 < err < 1 and samples.evaluations >= 100
    assert abs(samples.log_evidence - log_z) < 3 * err
    points, lw = samples.points, samples.log_weights
    assert points.shape == (lw.size, 1)
    assert np.exp(lw).sum() == pytest.approx(1.0, rel=1e-9)
    weighted = np.sum(np.exp(lw) * points[:, 0])
    assert abs(weighted - mean) < 0.5 * sd
    assert samples.draws.shape[0] == 1 and samples.draws.shape[2] == 1
    assert samples.summary().r_hat is None and samples.divergences == 0


def test_seeds_reproduce_bit_for_bit():
    run = lambda seed: rs.nuts(MODEL, DATA, sigma=SIGMA, draws=50, tune=50, chains=2, seed=seed).draws
    a, b, c = run(5), run(5), run(6)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    nest = lambda seed: rs.nested(MODEL, DATA, sigma=SIGMA, n_live=40, seed=seed)
    x, y = nest(4), nest(4)
    assert x.log_evidence == y.log_evidence and np.array_equal(x.points, y.points)


def test_progress_is_reported_and_a_raising_callback_stops_the_run():
    seen = []
    rs.nuts(MODEL, DATA, sigma=SIGMA, draws=20, tune=20, chains=2, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (80, 80)

    def stop(done, total):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        rs.nuts(MODEL, DATA, sigma=SIGMA, draws=20, tune=20, chains=2, progress=stop)
    with pytest.raises(RuntimeError, match="stop here"):
        rs.nested(MODEL, DATA, sigma=SIGMA, n_live=40, progress=stop)


def test_bad_input_raises_pmrf_error_or_type_error():
    with pytest.raises(rs.PmrfError, match="no free parameter|free"):
        rs.nuts(MODEL.fixed("c"), DATA, sigma=SIGMA)
    # No prior and an infinite upper bound: nothing to sample from.
    with pytest.raises(rs.PmrfError, match="`?c`?"):
        rs.nuts(SeriesC(c=2e-12), DATA, sigma=SIGMA)
    s = DATA.s.copy()
    s[3, 1, 0] = np.nan
    with pytest.raises(rs.PmrfError, match="finite"):
        rs.nuts(MODEL, rs.Network(FREQ, s), sigma=SIGMA)
    for sigma in [0.0, -1.0, float("nan"), float("inf")]:
        with pytest.raises(rs.PmrfError, match="sigma"):
            rs.Posterior(MODEL, DATA, sigma=sigma)
    with pytest.raises(rs.PmrfError, match="nu"):
        rs.Posterior(MODEL, DATA, nu=0.0)
    with pytest.raises(rs.PmrfError, match="mass_matrix"):
        rs.nuts(MODEL, DATA, sigma=SIGMA, mass_matrix="full")
    with pytest.raises(rs.PmrfError):
        rs.nuts(MODEL, DATA, sigma=SIGMA, chains=0)
    with pytest.raises(rs.PmrfError):
        rs.nuts(MODEL, DATA, sigma=SIGMA, draws=0)
    with pytest.raises(rs.PmrfError, match="target_accept"):
        rs.nuts(MODEL, DATA, sigma=SIGMA, target_accept=1.5)
    with pytest.raises(rs.PmrfError):
        rs.nested(MODEL, DATA, sigma=SIGMA, n_live=2)
    with pytest.raises(rs.PmrfError):
        rs.nested(MODEL, DATA, sigma=SIGMA, dlogz=-1.0)
    with pytest.raises(rs.PmrfError, match="feature|unknown"):
        rs.nuts(MODEL, DATA, "s99_xyz", sigma=SIGMA)
    with pytest.raises(rs.PmrfError, match="ports"):
        rs.nuts(SeriesC(c=2e-12).bounded("c", LO, HI), rs.Network(FREQ, DATA.s[:, :1, :1]))
    with pytest.raises(TypeError):
        rs.nuts(MODEL, "not a network", sigma=SIGMA)
    with pytest.raises(TypeError):
        rs.nuts(MODEL, DATA, 3, sigma=SIGMA)
    with pytest.raises(TypeError):
        rs.nuts(MODEL, DATA, sigma="0.01")
    post = rs.Posterior(MODEL, DATA, sigma=SIGMA)
    with pytest.raises(rs.PmrfError, match="coordinates"):
        post.log_density(np.array([0.0, 1.0]))
    with pytest.raises(TypeError):
        post.log_density(np.array([0.0 + 1j]))
    with pytest.raises(KeyError):
        rs.nuts(MODEL, DATA, sigma=SIGMA, draws=20, tune=20, chains=1).summary()["l"]


def test_to_arviz_gives_inference_data():
    az = pytest.importorskip("arviz")
    samples = rs.nuts(MODEL, DATA, draws=30, tune=30, chains=2)
    idata = samples.to_arviz()
    assert isinstance(idata, az.InferenceData)
    c = idata.posterior["c"]
    assert c.dims == ("chain", "draw") and c.shape == (2, 30)
    np.testing.assert_array_equal(c.values, samples.draws[:, :, 0])
    np.testing.assert_array_equal(idata.posterior["sigma"].values, samples.sigma)
    np.testing.assert_array_equal(idata.sample_stats["diverging"].values, samples.diverging)
    nested = rs.nested(MODEL, DATA, sigma=SIGMA, n_live=40)
    attrs = nested.to_arviz().posterior.attrs
    assert attrs["log_evidence"] == nested.log_evidence and attrs["sampler"] == "nested"


def test_to_arviz_without_arviz_raises_import_error(monkeypatch):
    samples = rs.nuts(MODEL, DATA, sigma=SIGMA, draws=10, tune=10, chains=1)
    monkeypatch.setitem(sys.modules, "arviz", None)
    with pytest.raises(ImportError, match="pip install arviz"):
        samples.to_arviz()


def test_fit_and_sample_example_runs():
    pytest.importorskip("skrf")
    script = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "fit_and_sample.py"
    env = dict(os.environ, PMRF_NO_PLOT="1", PMRF_QUICK="1")
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "R-hat" in out.stdout and "sigma" in out.stdout


def test_docstring_examples_hold():
    import doctest

    runner = doctest.DocTestRunner()
    for f in (rs.nuts, rs.nested):
        for test in doctest.DocTestFinder().find(f, f.__name__, globs={}):
            runner.run(test)
    assert runner.tries >= 10 and runner.failures == 0
