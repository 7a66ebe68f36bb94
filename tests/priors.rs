//! Prior families beyond uniform / normal / log-normal: the truncated normal and ParamRF's
//! relative forms, against closed forms, and drawn by batches.

use std::f64::consts::PI;

use pmrf::components::{SeriesC, SeriesR};
use pmrf::params::Prior;
use pmrf::prelude::*;

/// The standard normal density.
fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

/// Mean and standard deviation of `normal(mean, std)` truncated to `[low, high]`, and the
/// normal mass there (`z` the normal's mass, from a known value of `Phi`).
fn truncated_moments(mean: f64, std: f64, low: f64, high: f64, mass: f64) -> (f64, f64) {
    let (a, b) = ((low - mean) / std, (high - mean) / std);
    let d = (phi(a) - phi(b)) / mass;
    let var = std * std * (1.0 + (a * phi(a) - b * phi(b)) / mass - d * d);
    (mean + std * d, var.sqrt())
}

fn moments(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

#[test]
fn truncated_normal_matches_closed_forms() {
    // normal(1, 2) on [0, 4]: a = -0.5, b = 1.5, mass = Phi(1.5) - Phi(-0.5).
    let mass = 0.933_192_798_731_141_9 - 0.308_537_538_725_986_9;
    let p = Prior::truncated_normal(1.0, 2.0, 0.0, 4.0).unwrap();
    assert!((p.mass_within(0.0, 4.0) - 1.0).abs() < 1e-15);
    assert!((p.mass_within(-10.0, 1.0) - (0.5 - 0.308_537_538_725_986_9) / mass).abs() < 1e-14);
    // ln pdf = ln(phi(z) / std / mass) inside, -inf outside.
    for x in [0.0, 0.7, 2.5, 4.0] {
        let want = (phi((x - 1.0) / 2.0) / 2.0 / mass).ln();
        assert!((p.ln_pdf(x) - want).abs() < 1e-14, "{x}");
    }
    assert_eq!(p.ln_pdf(-0.1), f64::NEG_INFINITY);
    assert_eq!(p.ln_pdf(4.1), f64::NEG_INFINITY);
    // Exact derivative of ln pdf: -(x - mean) / std^2.
    let d = p.ln_pdf(Dual64::from(2.5).derivative());
    assert!((d.eps + 1.5 / 4.0).abs() < 1e-15);
    // cdf, sf and quantile invert each other on the support.
    assert_eq!(p.cdf(-1.0), 0.0);
    assert_eq!(p.sf(5.0), 0.0);
    for u in [0.0, 0.01, 0.3, 0.5, 0.9, 1.0] {
        let x = p.quantile(u);
        assert!((0.0..=4.0).contains(&x));
        assert!((p.cdf(x) - u).abs() < 1e-14, "{u}: {x}");
        assert!((p.cdf(x) + p.sf(x) - 1.0).abs() < 1e-15);
    }
    // Restricted further by a parameter's bounds: the normal on the intersection.
    let q = p.quantile_within(2.0, 10.0, 0.5).unwrap();
    let parent = Prior::normal(1.0, 2.0).unwrap();
    assert_eq!(q, parent.quantile_within(2.0, 4.0, 0.5).unwrap());
    assert!(p.quantile_within(5.0, 6.0, 0.5).is_err());
    // Draws: moments within 4 standard errors of the closed forms.
    let (m, s) = truncated_moments(1.0, 2.0, 0.0, 4.0, mass);
    let n = 40_000;
    let r = SeriesR::new(1.0)
        .params()
        .unwrap()
        .with_prior("r", p)
        .unwrap();
    let batch = Batch::sample(&r, &Filter::Free, n, 7).unwrap();
    let xs: Vec<f64> = batch.values().iter().copied().collect();
    assert!(xs.iter().all(|x| (0.0..=4.0).contains(x)));
    let (dm, ds) = moments(&xs);
    assert!((dm - m).abs() < 4.0 * s / (n as f64).sqrt(), "{dm} vs {m}");
    assert!((ds / s - 1.0).abs() < 0.02, "{ds} vs {s}");
}

#[test]
fn half_open_truncation_and_relative_forms() {
    // The half-normal: mean sqrt(2/pi), ln pdf ln(2 phi(x)).
    let half = Prior::truncated_normal(0.0, 1.0, 0.0, f64::INFINITY).unwrap();
    assert!((half.ln_pdf(1.3) - (2.0 * phi(1.3)).ln()).abs() < 1e-14);
    let (m, _) = truncated_moments(0.0, 1.0, 0.0, f64::INFINITY, 0.5);
    assert!((m - (2.0 / PI).sqrt()).abs() < 1e-15);
    // Relative: std = |mean| * rel.
    assert_eq!(
        Prior::relative_normal(-4.0, 0.25).unwrap(),
        Prior::normal(-4.0, 1.0).unwrap()
    );
    let t = Prior::relative_truncated_normal(50.0, 0.02, 3.0).unwrap();
    assert_eq!(t, Prior::truncated_normal(50.0, 1.0, 47.0, 53.0).unwrap());
    assert_eq!(t.to_string(), "truncated_normal(5e1, 1e0, 4.7e1, 5.3e1)");
    // Errors name what was wrong.
    for (e, what) in [
        (Prior::relative_normal(0.0, 0.1).unwrap_err(), "mean 0"),
        (
            Prior::relative_normal(1.0, -0.1).unwrap_err(),
            "rel_std -0.1",
        ),
        (
            Prior::relative_truncated_normal(1.0, 0.1, 0.0).unwrap_err(),
            "trunc_std = 0",
        ),
        (
            Prior::truncated_normal(0.0, 1.0, 2.0, 1.0).unwrap_err(),
            "low < high",
        ),
        (
            Prior::truncated_normal(0.0, 1.0, 50.0, 60.0).unwrap_err(),
            "no probability",
        ),
        (
            Prior::truncated_normal(0.0, 0.0, 0.0, 1.0).unwrap_err(),
            "standard deviation",
        ),
    ] {
        assert!(matches!(e, Error::InvalidPrior(_)), "{e}");
        assert!(e.to_string().contains(what), "{e} lacks {what}");
    }
}

#[test]
fn truncated_priors_round_trip_through_json() {
    for p in [
        Prior::truncated_normal(1.0, 2.0, 0.0, 4.0).unwrap(),
        Prior::truncated_normal(0.0, 1.0, 0.0, f64::INFINITY).unwrap(),
        Prior::truncated_normal(0.0, 1.0, f64::NEG_INFINITY, 0.5).unwrap(),
    ] {
        let json = serde_json::to_string(&p).unwrap();
        let back: Prior = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p, "{json}");
    }
    let bad = r#"{"truncated_normal":{"mean":0.0,"std":1.0,"low":3.0,"high":1.0}}"#;
    assert!(serde_json::from_str::<Prior>(bad).is_err());
}

#[test]
fn batches_draw_truncated_priors_within_bounds() {
    let mut params = SeriesC::new(2e-12).params().unwrap();
    params
        .set_prior(
            "c",
            Prior::relative_truncated_normal(2e-12, 0.1, 2.0).unwrap(),
        )
        .unwrap()
        .set_bounds("c", 1.9e-12, 1e-11)
        .unwrap();
    let batch = Batch::sample(&params, &Filter::Free, 4000, 5).unwrap();
    // The prior's support [1.6, 2.4] pF cut by the bounds at 1.9 pF.
    assert!(
        batch
            .values()
            .iter()
            .all(|&x| (1.9e-12..=2.4e-12).contains(&x))
    );
    // ln prior of the table: the truncated density, renormalised by its own truncation.
    let mass = 0.977_249_868_051_820_8 - 0.022_750_131_948_179_2; // Phi(2) - Phi(-2)
    let want = (phi(0.0) / 0.2e-12 / mass).ln();
    assert!((params.ln_prior() / want - 1.0).abs() < 1e-14);
    // A prior with no mass within the bounds is refused when set.
    assert!(matches!(
        params.set_prior(
            "c",
            Prior::truncated_normal(12.5e-12, 1e-13, 12e-12, 13e-12).unwrap()
        ),
        Err(Error::InvalidPrior(_))
    ));
}

mod map_fits {
    use pmrf::components::SeriesC;
    use pmrf::fit::{Fit, Method, Objective, Term};
    use pmrf::params::Prior;
    use pmrf::prelude::*;

    fn objective() -> Objective {
        let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz).unwrap();
        let data = SeriesC::new(2.2e-12).network(&freq).unwrap();
        Objective::new().term(Term::new(data))
    }

    fn map(prior: Prior, method: Method) -> pmrf::Result<f64> {
        let params = SeriesC::new(2.1e-12).params()?.with_prior("c", prior)?;
        let fit = Fit::new(&params, objective())?.with_priors().method(method);
        Ok(fit.run()?.model().c)
    }

    #[test]
    fn a_map_fit_balances_data_and_prior_where_their_gradients_cancel() {
        let (mean, std) = (2.0e-12, 2e-14);
        let prior = Prior::normal(mean, std).unwrap();
        let lm = map(prior, Method::LevenbergMarquardt).unwrap();
        let lbfgs = map(prior, Method::Lbfgs).unwrap();
        assert!(lm > mean && lm < 2.2e-12, "{lm}");
        assert!((lm / lbfgs - 1.0).abs() < 1e-6, "{lm} vs {lbfgs}");
        // At the MAP, d/dc [loss + (c - mean)^2 / (2 std^2)] = 0.
        let loss = |c: f64| objective().loss(&SeriesC::new(c)).unwrap();
        let h = 1e-17;
        let data_slope = (loss(lm + h) - loss(lm - h)) / (2.0 * h);
        let prior_slope = (lm - mean) / (std * std);
        assert!(
            (data_slope + prior_slope).abs() < 1e-4 * prior_slope.abs(),
            "{data_slope} vs {prior_slope}"
        );
        // A vague prior leaves the data's answer.
        let vague = map(Prior::normal(mean, 1e-6).unwrap(), Method::Auto).unwrap();
        assert!((vague / 2.2e-12 - 1.0).abs() < 1e-6, "{vague}");
    }

    #[test]
    fn other_priors_need_a_scalar_method() {
        let prior = Prior::log_normal((2.0e-12f64).ln(), 0.01).unwrap();
        let err = map(prior, Method::LevenbergMarquardt).unwrap_err();
        assert!(err.to_string().contains("only normal priors"), "{err}");
        // Near the prior's mode exp(mu - sigma^2) = 1.9998 pF, which dominates the data.
        let c = map(prior, Method::Auto).unwrap();
        assert!(c > 1.9997e-12 && c < 2.01e-12, "{c}");
    }
}

mod gamma {
    use std::path::Path;

    use pmrf::components::SeriesC;
    use pmrf::params::Prior;
    use pmrf::prelude::*;
    use serde_json::Value;

    fn reals(v: &Value) -> Vec<f64> {
        (v.as_array().unwrap().iter())
            .map(|x| x.as_f64().unwrap())
            .collect()
    }

    fn rel(a: f64, b: f64) -> f64 {
        if a == b { 0.0 } else { ((a - b) / b).abs() }
    }

    /// scipy.stats.gamma, checked with mpmath (scripts/gen_gamma_fixtures.py).
    #[test]
    fn gamma_matches_scipy() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/priors_gamma.json");
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for case in fixture["cases"].as_array().unwrap() {
            let (shape, rate) = (
                case["shape"].as_f64().unwrap(),
                case["rate"].as_f64().unwrap(),
            );
            let p = Prior::gamma(shape, rate).unwrap();
            for (k, &x) in reals(&case["x"]).iter().enumerate() {
                let lp = reals(&case["logpdf"])[k];
                assert!(
                    (p.ln_pdf(x) - lp).abs() < 1e-12 * lp.abs().max(1.0),
                    "{p} at {x}"
                );
                assert!(
                    rel(p.cdf(x), reals(&case["cdf"])[k]) < 1e-12,
                    "cdf {p} at {x}"
                );
                assert!(rel(p.sf(x), reals(&case["sf"])[k]) < 1e-12, "sf {p} at {x}");
            }
            for (&u, &x) in reals(&case["p"]).iter().zip(&reals(&case["ppf"])) {
                assert!(
                    rel(p.quantile(u), x) < 1e-12,
                    "{p}: quantile({u}) = {}",
                    p.quantile(u)
                );
            }
            // The upper tail: the quantile within bounds counts it by the survival function.
            for (&q, &x) in reals(&case["q"]).iter().zip(&reals(&case["isf"])) {
                let got = p.quantile_within(0.0, f64::INFINITY, 1.0 - q).unwrap();
                if q >= 1e-6 {
                    assert!(rel(got, x) < 1e-9, "{p}: isf({q}) = {got} vs {x}");
                }
                assert!(rel(p.sf(x), q) < 1e-12, "{p}: sf({x})");
            }
        }
    }

    #[test]
    fn gamma_derivative_display_json_and_errors() {
        let p = Prior::gamma(2.5, 4.0).unwrap();
        // d/dx ln pdf = (k - 1) / x - rate.
        let d = p.ln_pdf(Dual64::from(0.7).derivative());
        assert!(rel(d.eps, 1.5 / 0.7 - 4.0) < 1e-15);
        assert_eq!(p.ln_pdf(0.0), f64::NEG_INFINITY);
        assert_eq!(p.ln_pdf(-1.0), f64::NEG_INFINITY);
        assert_eq!(p.cdf(-1.0), 0.0);
        assert_eq!(p.quantile(0.0), 0.0);
        assert_eq!(p.quantile(1.0), f64::INFINITY);
        assert_eq!(p.to_string(), "gamma(2.5, 4e0)");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"gamma":{"shape":2.5,"rate":4.0}}"#);
        assert_eq!(serde_json::from_str::<Prior>(&json).unwrap(), p);
        assert!(serde_json::from_str::<Prior>(r#"{"gamma":{"shape":-1.0,"rate":4.0}}"#).is_err());
        for (e, what) in [
            (Prior::gamma(0.0, 1.0).unwrap_err(), "shape 0"),
            (Prior::gamma(f64::NAN, 1.0).unwrap_err(), "shape NaN"),
            (Prior::gamma(2.0, -3.0).unwrap_err(), "rate -3"),
            (Prior::gamma(2.0, f64::INFINITY).unwrap_err(), "rate inf"),
        ] {
            assert!(matches!(e, Error::InvalidPrior(_)), "{e}");
            assert!(e.to_string().contains(what), "{e} lacks {what}");
        }
        // Within bounds: the mass and the truncated quantile.
        let e = Prior::gamma(1.0, 2.0).unwrap(); // exponential, rate 2
        let want = (-2.0f64).exp() - (-6.0f64).exp();
        assert!(rel(e.mass_within(1.0, 3.0), want) < 1e-14);
        let m = e.quantile_within(1.0, f64::INFINITY, 0.5).unwrap();
        assert!(rel(m, 1.0 + 2f64.ln() / 2.0) < 1e-14, "{m}");
    }

    #[test]
    fn gamma_draws_have_the_right_moments() {
        // 1e5 draws in a batch from a parameter's gamma prior: mean k / rate, variance
        // k / rate^2, within 4 standard errors.
        let (k, rate) = (3.0, 1.5e12);
        let params = SeriesC::new(2e-12)
            .params()
            .unwrap()
            .with_prior("c", Prior::gamma(k, rate).unwrap())
            .unwrap();
        let n = 100_000;
        let batch = Batch::sample(&params, &Filter::Free, n, 17).unwrap();
        let xs: Vec<f64> = batch.values().iter().copied().collect();
        assert!(xs.iter().all(|&x| x > 0.0 && x.is_finite()));
        let nf = n as f64;
        let mean = xs.iter().sum::<f64>() / nf;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
        let (m, v) = (k / rate, k / (rate * rate));
        assert!((mean - m).abs() < 4.0 * (v / nf).sqrt(), "{mean} vs {m}");
        // var of the sample variance: (mu4 - v^2) / n, mu4 = 3 k (k + 2) / rate^4.
        let mu4 = 3.0 * k * (k + 2.0) / rate.powi(4);
        assert!(
            (var - v).abs() < 4.0 * ((mu4 - v * v) / nf).sqrt(),
            "{var} vs {v}"
        );
        // The table's ln prior is the gamma density.
        assert!(
            rel(
                params.ln_prior(),
                Prior::gamma(k, rate).unwrap().ln_pdf(2e-12)
            ) < 1e-15
        );
        assert!(params.to_string().contains("gamma(3, 1.5e12)"), "{params}");
    }

    #[test]
    fn posteriors_sample_a_gamma_prior() {
        use pmrf::fit::{Objective, Term};
        use pmrf::infer::sample::{NestedSettings, NutsSettings};
        use pmrf::infer::{Likelihood, Noise, Posterior};
        // A likelihood so wide that the posterior is the prior, gamma(4, 2e12): mean 2 pF,
        // sd 1 pF; bounds far out.
        let (k, rate) = (4.0, 2e12);
        let freq = Frequency::linspace(0.5, 2.0, 5, FrequencyUnit::GHz).unwrap();
        let data = SeriesC::new(2e-12).network(&freq).unwrap();
        let likelihood =
            Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e3));
        let mut params = SeriesC::new(2e-12).params().unwrap();
        params
            .set_prior("c", Prior::gamma(k, rate).unwrap())
            .unwrap()
            .set_bounds("c", 0.0, 2e-11)
            .unwrap();
        let posterior = Posterior::new(&params, likelihood).unwrap();
        let (m, sd) = (k / rate, k.sqrt() / rate);
        let settings = NutsSettings {
            chains: 4,
            draws: 1000,
            tune: 500,
            seed: 2,
            ..Default::default()
        };
        let nuts = posterior.nuts(&settings).unwrap();
        let ess = nuts.diagnostics().unwrap().ess_bulk[0];
        let mean = nuts.summary().unwrap().mean[0];
        assert!(
            (mean - m).abs() < 4.0 * sd / ess.sqrt(),
            "NUTS {mean} vs {m} (ess {ess})"
        );
        let settings = NestedSettings {
            n_live: Some(400),
            seed: 3,
            ..Default::default()
        };
        let nested = posterior.nested(&settings).unwrap();
        let mean = nested.summary().unwrap().mean[0];
        assert!((mean - m).abs() < 0.25 * sd, "nested {mean} vs {m}");
    }
}
