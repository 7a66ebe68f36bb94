"""Fits from Python (`pmrf_rs.fit`): a 3-stage cascade recovered from its own S (noiseless to
1e-8, noisy within 4 standard errors, standard errors against the spread over noise seeds),
the loss against its closed form (MSE of complex S, of dB, band and weights), fits in dB and
phase, bounds and fixed parameters honoured, and bad input raising PmrfError or TypeError."""

import os
import signal
import threading

import numpy as np
import pytest

import pmrf_rs as rs
from pmrf_rs import components as pc

HZ = np.linspace(0.1e9, 4e9, 60)
FREQ = rs.Frequency(HZ)
TRUE = {"stages[0].l": 6e-9, "stages[1].c": 2.5e-12, "stages[2].l": 3e-9}
START = {"stages[0].l": 4e-9, "stages[1].c": 3.5e-12, "stages[2].l": 4.5e-9}


def lcl(values):
    """A series L, shunt C, series L low-pass at `values`."""
    model = rs.cascade([pc.SeriesL(l=1e-9), pc.ShuntC(c=1e-12), pc.SeriesL(l=1e-9)])
    return model.with_params(values)


def noisy(sigma, seed):
    """The true cascade's S plus complex Gaussian noise of std `sigma` per part."""
    rng = np.random.default_rng(seed)
    s = lcl(TRUE).s(FREQ)
    s = s + sigma * (rng.standard_normal(s.shape) + 1j * rng.standard_normal(s.shape))
    return rs.Network(FREQ, s)


def test_noiseless_fit_recovers_true_values_to_1e_8():
    result = rs.fit(lcl(START), lcl(TRUE).network(FREQ))
    assert result.converged
    assert result.names == list(TRUE)
    np.testing.assert_allclose(result.values, list(TRUE.values()), rtol=1e-8)
    np.testing.assert_allclose(result.model.values, list(TRUE.values()), rtol=1e-8)
    assert result.loss < 1e-20
    assert result.iterations > 0
    assert "stages[1].c" in repr(result)


def test_noisy_fit_is_within_4_standard_errors():
    result = rs.fit(lcl(START), noisy(1e-3, seed=1))
    assert result.converged
    se = result.standard_errors
    assert se.shape == (3,) and np.all(se > 0)
    assert np.all(np.abs(result.values - list(TRUE.values())) < 4 * se)
    cov = result.covariance
    np.testing.assert_allclose(cov, cov.T, rtol=1e-10)
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), se, rtol=1e-12)
    # The loss is the complex MSE of S: about 2 sigma^2 at the truth.
    assert 0.8 * 2e-6 < result.loss < 1.2 * 2e-6


def test_standard_errors_match_spread_over_noise_seeds():
    fits = [rs.fit(lcl(START), noisy(1e-3, seed)) for seed in range(20)]
    values = np.array([f.values for f in fits])
    se = np.mean([f.standard_errors for f in fits], axis=0)
    spread = values.std(axis=0, ddof=1)
    np.testing.assert_allclose(se, spread, rtol=0.3)


def mse_s(model, data, band=None):
    """ParamRF's MSE over every S entry: mean |S_model - S_data|^2 (inside the band)."""
    keep = np.ones(len(HZ), bool) if band is None else (HZ >= band[0]) & (HZ <= band[1])
    d = model.s(FREQ)[keep] - data.s[keep]
    return np.mean(np.abs(d) ** 2)


def db(x):
    return 20 * np.log10(np.abs(x))


def test_loss_at_the_start_is_the_closed_form():
    data = noisy(1e-3, seed=3)
    start = lcl(START)
    zero = dict(max_iterations=0)
    r = rs.fit(start, data, **zero)
    assert not r.converged and r.iterations == 0
    np.testing.assert_allclose(r.values, list(START.values()), rtol=1e-15)
    np.testing.assert_allclose(r.loss, mse_s(start, data), rtol=1e-12)
    band = (1e9, 2.5e9)
    r = rs.fit(start, data, band=band, **zero)
    np.testing.assert_allclose(r.loss, mse_s(start, data, band), rtol=1e-12)
    s, t = start.s(FREQ), data.s
    r = rs.fit(start, data, ["s21", "s11_db"], weights=[2.0, 0.5], **zero)
    expected = 2.0 * np.mean(np.abs(s[:, 1, 0] - t[:, 1, 0]) ** 2)
    expected += 0.5 * np.mean((db(s[:, 0, 0]) - db(t[:, 0, 0])) ** 2)
    np.testing.assert_allclose(r.loss, expected, rtol=1e-12)
    r = rs.fit(start, data, "s21_mag", **zero)
    expected = np.mean((np.abs(s[:, 1, 0]) - np.abs(t[:, 1, 0])) ** 2)
    np.testing.assert_allclose(r.loss, expected, rtol=1e-12)


def test_fit_in_db_and_degrees():
    data = lcl(TRUE).network(FREQ)
    # |S21| alone cannot tell the two inductors apart (the flipped network has the same
    # |S21|); the phase of S11 can.
    result = rs.fit(lcl(START), data, ["s21_db", "s11_deg"], weights=[1.0, 1e-3])
    assert result.converged
    np.testing.assert_allclose(result.values, list(TRUE.values()), rtol=1e-7)
    assert result.loss < 1e-16


def test_fixed_and_bounded_parameters_are_honoured():
    data = lcl(TRUE).network(FREQ)
    model = lcl(START).fixed("stages[2].l").bounded("stages[1].c", 3e-12, 5e-12)
    result = rs.fit(model, data)
    assert result.names == ["stages[0].l", "stages[1].c"]
    assert result.model.values[2] == START["stages[2].l"]
    assert 3e-12 <= result.values[1] <= 5e-12
    assert result.values[1] == pytest.approx(3e-12, rel=1e-6)


@pytest.mark.parametrize(
    "features, kwargs, match",
    [
        ("q21", {}, "expected a name starting with s, z, y or a"),
        ("s21_foo", {}, "unknown transform"),
        ("s31", {}, "beyond the 2 ports"),
        ("k", {}, "not 2-port figures"),
        ([], {}, "features is empty"),
        (["s21", "s11"], {"weights": [1.0]}, "1 weights for 2 features"),
        ("s21", {"weights": [-1.0]}, "finite and non-negative"),
        ("s", {"band": (5e9, 6e9)}, "holds none of the 60 frequency points"),
    ],
)
def test_bad_arguments_raise_pmrf_error(features, kwargs, match):
    with pytest.raises(rs.PmrfError, match=match):
        rs.fit(lcl(START), lcl(TRUE).network(FREQ), features, **kwargs)


def test_data_that_does_not_match_raises():
    one_port = rs.terminate(lcl(TRUE), pc.Match())
    with pytest.raises(rs.PmrfError, match="has 1 ports, the model 2"):
        rs.fit(lcl(START), one_port.network(FREQ))


def test_no_free_parameter_raises():
    with pytest.raises(rs.PmrfError, match="free"):
        rs.fit(lcl(START).fixed("*"), lcl(TRUE).network(FREQ))


def test_nan_in_data_raises():
    s = lcl(TRUE).s(FREQ)
    s[7, 1, 0] = np.nan
    data = rs.Network(FREQ, s)
    with pytest.raises(rs.PmrfError, match="needs finite data"):
        rs.fit(lcl(START), data)
    # Outside the compared feature it does not matter.
    result = rs.fit(lcl(START), data, "s11")
    np.testing.assert_allclose(result.values, list(TRUE.values()), rtol=1e-7)


def test_wrong_types_raise_type_error():
    data = lcl(TRUE).network(FREQ)
    with pytest.raises(TypeError):
        rs.fit(lcl(START), data, 21)
    with pytest.raises(TypeError):
        rs.fit(lcl(START), data.s)
    with pytest.raises(TypeError):
        rs.fit("model", data)


def test_docstrings():
    assert "Levenberg-Marquardt" in rs.fit.__doc__
    assert "standard errors" in rs.FitResult.__doc__


def test_ctrl_c_interrupts_a_fit():
    # A long fit (20 000 points, tolerances off): SIGINT during the run raises
    # KeyboardInterrupt from `fit` at the next iteration.
    hz = np.linspace(0.1e9, 4e9, 20_000)
    freq = rs.Frequency(hz)
    rng = np.random.default_rng(0)
    s = lcl(TRUE).s(freq)
    s = s + 1e-3 * (rng.standard_normal(s.shape) + 1j * rng.standard_normal(s.shape))
    data = rs.Network(freq, s)
    timer = threading.Timer(0.05, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            rs.fit(lcl(START), data, ftol=0, xtol=0, gtol=0)
    finally:
        timer.cancel()


def test_a_scikit_rf_network_is_data():
    skrf = pytest.importorskip("skrf")
    data = lcl(TRUE).to_skrf(FREQ)
    assert isinstance(data, skrf.Network)
    result = rs.fit(lcl(START), data)
    np.testing.assert_allclose(result.values, list(TRUE.values()), rtol=1e-8)


def test_the_gil_is_released_while_fitting():
    hz = np.linspace(0.1e9, 4e9, 5_000)
    freq = rs.Frequency(hz)
    data = lcl(TRUE).network(freq)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        result = rs.fit(lcl(START), data)
    finally:
        stop.set()
        t.join()
    assert result.converged
    assert len(ticks) > 3


def test_a_fit_that_cannot_progress_ends():
    # S21 alone of this cascade: the optimiser rejects every step of its first iteration;
    # the evaluation budget (20 x max_iterations) ends the run instead of hanging.
    result = rs.fit(lcl(START), lcl(TRUE).network(FREQ), "s21", max_iterations=10)
    assert result.iterations <= 10
    assert result.evaluations <= 200


def test_progress_callback_sees_iterations_and_its_exception_stops_the_fit():
    freq = rs.Frequency.linspace(0.1, 3, 31)
    truth = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    start = truth.with_params({"stages[0].l": 4e-9, "stages[1].c": 3e-12})
    seen = []
    result = rs.fit(start, truth.network(freq), progress=lambda done, total: seen.append((done, total)))
    assert result.converged
    # the last tick is always reported (Watch.finish), counting iterations of the budget
    assert seen and 1 <= seen[-1][0] <= result.iterations and seen[-1][1] == 1000

    def stop(done, total):
        raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        rs.fit(start, truth.network(freq), progress=stop)
    with pytest.raises(TypeError, match="progress must be"):
        rs.fit(start, truth.network(freq), progress="yes")
