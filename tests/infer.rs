//! Bayesian inference on models: exact log-density gradients, posteriors that recover the
//! truth and the injected noise, and evidences that prefer the simpler model.

use pmrf::components::{SeriesCEsr, SeriesRlc};
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Distribution, Likelihood, Noise, Posterior};
use pmrf::ndarray::Array3;
use pmrf::prelude::*;

/// `network` plus seeded complex Gaussian noise of `sigma` per real and imaginary part.
fn noisy(network: &Network, sigma: f64, seed: u64) -> Network {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let noise = Array3::from_shape_fn(network.s().dim(), |_| {
        let (a, b) = (uniform(), uniform());
        Complex::from_polar((-2.0 * a.ln()).sqrt() * sigma, std::f64::consts::TAU * b)
    });
    Network::from_s(network.frequency().clone(), network.s() + &noise).unwrap()
}

fn rlc_params() -> Params<SeriesRlc> {
    let mut params = SeriesRlc::new(12.0, 18e-9, 1.2e-12).params().unwrap();
    params.set_bounds("r", 1.0, 100.0).unwrap();
    params.set_bounds("l", 1e-9, 100e-9).unwrap();
    params.set_bounds("c", 0.1e-12, 10e-12).unwrap();
    params
}

#[test]
fn log_density_gradients_are_exact() {
    let freq = Frequency::linspace(0.01, 3.0, 40, FrequencyUnit::GHz).unwrap();
    let data = noisy(
        &SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap(),
        1e-2,
        1,
    );
    let objective = Objective::new().term(Term::new(data));
    for distribution in [Distribution::Gaussian, Distribution::StudentT { nu: 4.0 }] {
        let likelihood = Likelihood::new(objective.clone()).distribution(distribution);
        let posterior = Posterior::new(&rlc_params(), likelihood).unwrap();
        assert_eq!(posterior.names(), ["r", "l", "c", "sigma"]);
        let z = [0.3, -1.2, 0.7, -0.5];
        let mut grad = [0.0; 4];
        posterior.log_density(&z, &mut grad).unwrap();
        for k in 0..4 {
            let h = 1e-6;
            let at = |d: f64| {
                let mut zz = z;
                zz[k] += d;
                posterior.log_density(&zz, &mut [0.0; 4]).unwrap()
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            assert!(
                (grad[k] - fd).abs() <= 1e-5 * fd.abs().max(1.0),
                "{distribution:?} {k}: {} vs {fd}",
                grad[k]
            );
        }
    }
    assert!(
        Posterior::new(&rlc_params(), Likelihood::new(objective))
            .unwrap()
            .log_density(&[0.0; 2], &mut [0.0; 2])
            .is_err()
    );
}

#[test]
fn nuts_recovers_the_rlc_and_the_noise() {
    // Data with noise 5e-3 per part; sigma inferred from ParamRF's default prior.
    let freq = Frequency::linspace(0.01, 3.0, 101, FrequencyUnit::GHz).unwrap();
    let sigma = 5e-3;
    let data = noisy(
        &SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap(),
        sigma,
        3,
    );
    let posterior = Posterior::new(
        &rlc_params(),
        Likelihood::new(Objective::new().term(Term::new(data))),
    )
    .unwrap();
    let settings = NutsSettings {
        chains: 2,
        draws: 300,
        tune: 300,
        seed: 11,
        ..Default::default()
    };
    let samples = posterior.nuts(&settings).unwrap();
    let summary = samples.summary().unwrap();
    let truth = [10.0, 20e-9, 1e-12, sigma];
    for (k, truth) in truth.iter().enumerate() {
        let z = (summary.mean[k] - truth) / summary.sd[k];
        assert!(
            z.abs() < 4.0,
            "{}: mean {} sd {} truth {}",
            samples.names()[k],
            summary.mean[k],
            summary.sd[k],
            truth
        );
    }
    assert!(
        (summary.mean[3] / sigma - 1.0).abs() < 0.1,
        "sigma {}",
        summary.mean[3]
    );
    assert!(
        samples.rhat().unwrap().iter().all(|r| *r < 1.1),
        "{:?}",
        samples.rhat()
    );
    // The posterior is a batch of the model: its S has one member per draw.
    let s = samples.batch().s::<2>(&freq).unwrap();
    assert_eq!(s.dim(), (600, 101, 2, 2));
    // The MAP and the Laplace approximation agree with the samples: a nearly Gaussian
    // posterior (101 points, 4 coordinates).
    let map = posterior.map(Default::default()).unwrap();
    let cov = map.covariance.expect("a positive definite Hessian");
    for k in 0..4 {
        let (mean, sd) = (summary.mean[k], summary.sd[k]);
        assert!(
            (map.values[k] - mean).abs() < 0.5 * sd,
            "{}: MAP {} vs {mean} +- {sd}",
            map.names[k],
            map.values[k]
        );
        let laplace = cov[[k, k]].sqrt();
        assert!(
            (laplace / sd - 1.0).abs() < 0.25,
            "{}: Laplace sd {laplace} vs {sd}",
            map.names[k]
        );
    }
}

#[test]
fn evidence_prefers_the_model_without_a_needless_parameter() {
    // Data from a capacitor alone; a capacitor with a free ESR fits as well but spends prior
    // volume on it, so its evidence is lower.
    let freq = Frequency::linspace(0.1, 3.0, 40, FrequencyUnit::GHz).unwrap();
    let data = noisy(&SeriesC::new(2e-12).network(&freq).unwrap(), 1e-2, 5);
    let likelihood =
        Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e-2));
    let mut c = SeriesC::new(2e-12).params().unwrap();
    c.set_bounds("c", 1e-12, 4e-12).unwrap();
    let mut ce = SeriesCEsr::new(2e-12, 1.0).params().unwrap();
    ce.set_bounds("c", 1e-12, 4e-12)
        .unwrap()
        .set_bounds("esr", 0.0, 20.0)
        .unwrap();
    let settings = NestedSettings {
        n_live: Some(200),
        seed: 2,
        ..Default::default()
    };
    let simple = Posterior::new(&c, likelihood.clone())
        .unwrap()
        .nested(&settings)
        .unwrap();
    let richer = Posterior::new(&ce, likelihood)
        .unwrap()
        .nested(&settings)
        .unwrap();
    let (za, ea) = simple.log_evidence().unwrap();
    let (zb, eb) = richer.log_evidence().unwrap();
    assert!(
        za - zb > 2.0 * (ea * ea + eb * eb).sqrt(),
        "{za} +- {ea} vs {zb} +- {eb}"
    );
    // Both posteriors put C near the truth.
    let cs = simple.summary().unwrap();
    assert!((cs.mean[0] / 2e-12 - 1.0).abs() < 5.0 * cs.sd[0] / 2e-12);
}

#[test]
fn posteriors_that_make_no_sense_are_errors() {
    let freq = Frequency::linspace(0.1, 3.0, 10, FrequencyUnit::GHz).unwrap();
    let data = SeriesC::new(2e-12).network(&freq).unwrap();
    let likelihood = Likelihood::new(Objective::new().term(Term::new(data)));
    // An improper prior: no prior and infinite bounds.
    let err = Posterior::new(&SeriesC::new(2e-12).params().unwrap(), likelihood.clone())
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("no prior and infinite bounds"),
        "{err}"
    );
    let mut fixed = SeriesC::new(2e-12).params().unwrap();
    fixed.fix("c").unwrap();
    assert!(Posterior::new(&fixed, likelihood.clone()).is_err());
    let mut c = SeriesC::new(2e-12).params().unwrap();
    c.set_bounds("c", 1e-12, 4e-12).unwrap();
    assert!(Posterior::new(&c, likelihood.noise(Noise::Fixed(-1.0))).is_err());
}
