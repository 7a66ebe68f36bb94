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


# --- losses, methods, goals, priors, stages (issue 25) ----------------------------------------

TRUE_LIST = list(TRUE.values())


@pytest.mark.parametrize("loss", ["mse", "rmse", "log_mse", ("huber", 0.01)])
def test_each_loss_recovers_truth_on_noiseless_data(loss):
    result = rs.fit(lcl(START), lcl(TRUE).network(FREQ), loss=loss)
    np.testing.assert_allclose(result.values, TRUE_LIST, rtol=1e-6)
    expected = "lm" if loss in ("mse", ("huber", 0.01)) else "lbfgs"
    assert result.method == expected


def outlier_data():
    """The true cascade's S with one gross outlier: S21 at point 30 off by 0.5."""
    s = lcl(TRUE).s(FREQ)
    s[30, 1, 0] += 0.5
    return rs.Network(FREQ, s)


def test_huber_resists_an_outlier_better_than_mse():
    data = outlier_data()
    mse = rs.fit(lcl(START), data)
    huber = rs.fit(lcl(START), data, loss=("huber", 0.01))
    err_mse = np.max(np.abs(mse.values / TRUE_LIST - 1))
    err_huber = np.max(np.abs(huber.values / TRUE_LIST - 1))
    assert err_mse > 1e-3  # the outlier drags MSE off by more than 0.1 %
    assert err_huber < err_mse / 10
    # Huber's loss is the sum of its residuals' squares, and below MSE's of the same values.
    np.testing.assert_allclose(np.sum(huber.residuals**2), huber.loss, rtol=1e-12)


def test_lm_lbfgs_and_nelder_mead_agree_to_1e_6():
    model = rs.cascade([pc.SeriesL(l=4e-9), pc.ShuntC(c=3e-12)])
    truth = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    rng = np.random.default_rng(7)
    s = truth.s(FREQ) + 1e-3 * rng.standard_normal((len(HZ), 2, 2))
    data = rs.Network(FREQ, s)
    tol = dict(ftol=1e-15, xtol=1e-12, gtol=1e-12, max_iterations=5000)
    fits = {m: rs.fit(model, data, method=m, **tol) for m in ["lm", "lbfgs", "nelder-mead"]}
    for m, result in fits.items():
        assert result.method == m
        np.testing.assert_allclose(result.values, fits["lm"].values, rtol=1e-6, err_msg=m)
        np.testing.assert_allclose(result.loss, fits["lm"].loss, rtol=1e-9, err_msg=m)
    # Only the least-squares method gives residuals and a covariance... for every method
    # here, since MSE is a sum of squares.
    assert fits["nelder-mead"].standard_errors is not None


def test_residuals_sum_of_squares_is_the_loss_and_fitted_is_the_model():
    result = rs.fit(lcl(START), noisy(1e-3, seed=3), features=["s21", "s11_db"], weights=[1, 0.5])
    np.testing.assert_allclose(np.sum(result.residuals**2), result.loss, rtol=1e-12)
    # Complex S21 (2 values per point) and S11 in dB (1) at every point.
    assert result.residuals.shape == (60 * 2 + 60,)
    np.testing.assert_allclose(result.fitted.s, result.model.s(FREQ), rtol=0, atol=0)
    np.testing.assert_array_equal(result.fitted.frequency.hz, HZ)
    table = result.table
    assert [row["name"] for row in table] == list(TRUE)
    np.testing.assert_array_equal([row["value"] for row in table], result.values)
    np.testing.assert_array_equal([row["std_error"] for row in table], result.standard_errors)
    # Not sums of squares: no residuals, no covariance.
    rmse = rs.fit(lcl(START), noisy(1e-3, seed=3), loss="rmse")
    assert rmse.residuals is None and rmse.covariance is None and rmse.table[0]["std_error"] is None


def test_rmse_and_log_mse_losses_are_their_closed_forms():
    data = noisy(1e-3, seed=4)

    def mse_of(model):
        return np.mean(np.abs(model.s(FREQ) - data.s) ** 2)

    for loss, form in [("mse", lambda m: m), ("rmse", np.sqrt), ("log_mse", np.log10)]:
        result = rs.fit(lcl(START), data, loss=loss)
        np.testing.assert_allclose(result.loss, form(mse_of(result.model)), rtol=1e-12)
        # The same minimiser as MSE (one term).
        np.testing.assert_allclose(result.values, TRUE_LIST, rtol=1e-3)


def test_a_goal_alone_designs_a_part():
    # A series C in 50 ohm: |S11| = 1 / |1 + 2 j w C Z0|; -20 dB at 1 GHz needs
    # w C Z0 >= sqrt(99) / 2, C >= 15.8 pF. Started at 1 pF, the goal alone moves it there.
    f1 = rs.Frequency([1e9])
    goal = rs.Goal("s11_db <= -20", f1)
    assert (goal.feature, goal.limit, goal.below, goal.weight) == ("s11_db", -20.0, True, 1.0)
    result = rs.fit(pc.SeriesC(c=1e-12), goals=[goal])
    c = result.values[0]
    c_min = np.sqrt(99) / 2 / (2 * np.pi * 1e9 * 50)
    s11_db = 20 * np.log10(np.abs(result.model.s(f1)[0, 0, 0]))
    assert s11_db <= -20 + 1e-4
    assert c_min * (1 - 1e-5) <= c < 1.01 * c_min  # the hinge stops at the limit
    assert result.fitted is None
    assert result.loss < 1e-10


def test_a_goal_with_data_adds_its_penalty():
    data = lcl(TRUE).network(FREQ)
    met = rs.Goal("s21_db >= -100", FREQ)  # always met: changes nothing
    result = rs.fit(lcl(START), data, goals=[met])
    np.testing.assert_allclose(result.values, TRUE_LIST, rtol=1e-8)
    assert result.residuals.shape == (60 * 8 + 60,)


def resistor_data(n=20):
    """A resistor's z11_re measured `n` times with noise: the closed form's data."""
    rng = np.random.default_rng(11)
    r = 50.0 + rng.standard_normal(n)
    freq = rs.Frequency(np.linspace(1e9, 2e9, n))
    z = r + 0j
    s = ((z - 50) / (z + 50)).reshape(n, 1, 1)
    return rs.Network(freq, s), r


def test_map_equals_the_linear_gaussian_closed_form():
    data, r = resistor_data()
    mu, sd = 48.0, 0.1
    model = pc.Resistor(r=45.0).with_prior("r", "normal", mu, sd)
    # Loss: mean (R - r_i)^2 + (R - mu)^2 / (2 sd^2); its minimum in closed form:
    expected = (2 * sd**2 * r.mean() + mu) / (2 * sd**2 + 1)
    for method in ["lm", "lbfgs"]:
        result = rs.fit(model, data, "z11_re", priors=True, method=method, ftol=1e-15, xtol=1e-15, gtol=1e-15)
        np.testing.assert_allclose(result.values[0], expected, rtol=1e-8, err_msg=method)
    # Without priors, the mean of the data.
    plain = rs.fit(model, data, "z11_re")
    np.testing.assert_allclose(plain.values[0], r.mean(), rtol=1e-8)
    # The loss includes -ln p of the prior.
    x = result.values[0]
    ln_p = -0.5 * ((x - mu) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))
    np.testing.assert_allclose(result.loss, np.mean((x - r) ** 2) - ln_p, rtol=1e-9)


def test_map_with_a_non_normal_prior_runs_lbfgs():
    data, r = resistor_data()
    model = pc.Resistor(r=45.0).with_prior("r", "log_normal", np.log(48.0), 0.002)
    result = rs.fit(model, data, "z11_re", priors=True)
    assert result.method == "lbfgs"
    assert 48.0 < result.values[0] < r.mean()
    with pytest.raises(rs.PmrfError, match="normal priors"):
        rs.fit(model, data, "z11_re", priors=True, method="lm")


def test_sequential_stages():
    data = lcl(TRUE).network(FREQ)
    one = rs.fit(lcl(START), data, stages=[["stages[1].c"]])
    assert one.names == ["stages[1].c"]
    # A stage leaves the others where they are: the same as fixing them.
    assert one.model.values[0] == START["stages[0].l"] and one.model.values[2] == START["stages[2].l"]
    fixed = rs.fit(lcl(START).fixed("*.l"), data)
    np.testing.assert_allclose(one.values, fixed.values, rtol=1e-10)
    assert one.values[0] != START["stages[1].c"]
    both = rs.fit(lcl(START), data, stages=["stages[1].c", ["stages[0].l", "*"]])
    assert both.names == list(TRUE)  # the last stage's, in the model's order
    np.testing.assert_allclose(both.values, TRUE_LIST, rtol=1e-8)
    assert both.iterations >= one.iterations + 1


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(loss="l2"), "unknown loss `l2`"),
        (dict(loss="huber"), "needs its delta"),
        (dict(loss=("huber", -1.0)), "delta -1"),
        (dict(loss=("mse", 1.0)), "takes no number"),
        (dict(method="bfgs"), "unknown method `bfgs`"),
        (dict(method="lm", loss="rmse"), "needs a sum of squares"),
        (dict(priors=True), "no free parameter has a prior"),
        (dict(stages=[["stages[9].l"]]), r"stages\[9\].l \(stage 0\)"),
        (dict(stages=[]), "stages is empty"),
    ],
)
def test_bad_fit_options_raise_pmrf_error(kwargs, match):
    with pytest.raises(rs.PmrfError, match=match):
        rs.fit(lcl(START), lcl(TRUE).network(FREQ), **kwargs)


@pytest.mark.parametrize(
    "spec, match",
    [
        ("bogus <= 1", "bogus"),
        ("s11 <= -20", "complex feature"),
        ("s11_db = -20", "write it as"),
        ("s11_db <= nope", "write it as"),
        ("s11_db <= inf", "not finite"),
    ],
)
def test_bad_goals_raise_pmrf_error(spec, match):
    with pytest.raises(rs.PmrfError, match=match):
        rs.Goal(spec, FREQ)


def test_goal_errors_at_fit_time_and_types():
    with pytest.raises(rs.PmrfError, match="nothing to fit"):
        rs.fit(lcl(START))
    with pytest.raises(rs.PmrfError):
        rs.fit(pc.SeriesC(c=1e-12), goals=[rs.Goal("s33_db <= -20", FREQ)])
    with pytest.raises(rs.PmrfError, match="weight"):
        rs.Goal("s11_db <= -20", FREQ, weight=-1.0)
    with pytest.raises(TypeError):
        rs.fit(lcl(START), lcl(TRUE).network(FREQ), loss=3)
    with pytest.raises(TypeError):
        rs.fit(lcl(START), lcl(TRUE).network(FREQ), goals=["s11_db <= -20"])
    with pytest.raises(TypeError):
        rs.fit(lcl(START), lcl(TRUE).network(FREQ), stages="*")
    for obj in [rs.Goal, rs.Goal.feature, rs.FitResult.residuals, rs.FitResult.fitted, rs.FitResult.table]:
        assert obj.__doc__ and len(obj.__doc__) > 20


def test_the_examples_in_the_docstrings_run():
    import doctest

    for obj in [rs.fit, rs.Goal]:
        runner = doctest.DocTestRunner()
        for test in doctest.DocTestFinder().find(obj, obj.__name__, globs={}):
            runner.run(test)
        result = runner.summarize(verbose=False)
        assert result.attempted > 0 and result.failed == 0, obj.__name__


def test_a_fit_that_leaves_a_direction_undetermined_still_converges():
    # S21 alone of a symmetric L-C-L from a symmetric start: the two inductors' Jacobian
    # columns are equal and the first step runs into the bound l >= 0. pmrf's LM used to
    # reject steps without end here.
    freq = rs.Frequency.linspace(0.1, 3, 31)
    truth = rs.cascade([pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12), pc.SeriesL(l=5e-9)])
    start = truth.with_params({"stages[0].l": 4e-9, "stages[1].c": 3e-12, "stages[2].l": 4e-9})
    result = rs.fit(start, truth.network(freq), "s21", method="lm")
    assert result.converged, result.message
    assert result.evaluations < 200
    l1, c, l2 = result.values
    assert abs(l1 + l2 - 10e-9) < 1e-15 and abs(c - 2e-12) < 1e-18
