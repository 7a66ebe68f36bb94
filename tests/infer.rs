//! Bayesian inference on models: exact log-density gradients, posteriors that recover the
//! truth and the injected noise, and evidences that prefer the simpler model.

use pmrf::components::lines::RlgcLine;
use pmrf::components::{SeriesC, SeriesCEsr, SeriesRlc};
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Distribution, Likelihood, Noise, Posterior, Samples};
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

/// The series RLC (10 ohm, 20 nH, 1 pF) at `points` points over 0.01-3 GHz, with noise `sigma`.
fn noisy_rlc(points: usize, sigma: f64, seed: u64) -> Network {
    let freq = Frequency::linspace(0.01, 3.0, points, FrequencyUnit::GHz).unwrap();
    noisy(
        &SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap(),
        sigma,
        seed,
    )
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
    let data = noisy_rlc(40, 1e-2, 1);
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
    let sigma = 5e-3;
    let data = noisy_rlc(101, sigma, 3);
    let freq = data.frequency().clone();
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

/// Nested-sampling posteriors of `data` (noise 1e-2) as a capacitor alone (1-4 pF) and as a
/// capacitor with an ESR (0-20 ohm): the two models an evidence comparison weighs.
fn capacitor_with_and_without_esr(
    data: Network,
    n_live: usize,
    seed: u64,
) -> (Samples<SeriesC>, Samples<SeriesCEsr>) {
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
        n_live: Some(n_live),
        seed,
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
    (simple, richer)
}

#[test]
fn evidence_prefers_the_model_without_a_needless_parameter() {
    // Data from a capacitor alone; a capacitor with a free ESR fits as well but spends prior
    // volume on it, so its evidence is lower.
    let freq = Frequency::linspace(0.1, 3.0, 40, FrequencyUnit::GHz).unwrap();
    let data = noisy(&SeriesC::new(2e-12).network(&freq).unwrap(), 1e-2, 5);
    let (simple, richer) = capacitor_with_and_without_esr(data, 200, 2);
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
    // The error of a fit with no free parameter (`fit::a_fit_with_no_free_parameter_is_an_error`).
    assert_eq!(
        Posterior::new(&fixed, likelihood.clone()).err(),
        Some(Error::NoFreeParameter)
    );
    let mut c = SeriesC::new(2e-12).params().unwrap();
    c.set_bounds("c", 1e-12, 4e-12).unwrap();
    assert!(Posterior::new(&c, likelihood.noise(Noise::Fixed(-1.0))).is_err());
}

#[test]
fn the_summary_names_units_and_scales_each_parameter() {
    let data = noisy_rlc(40, 1e-2, 2);
    let posterior = Posterior::new(
        &rlc_params(),
        Likelihood::new(Objective::new().term(Term::new(data))),
    )
    .unwrap();
    let settings = NutsSettings {
        chains: 2,
        draws: 100,
        tune: 100,
        seed: 4,
        ..Default::default()
    };
    let samples = posterior.nuts(&settings).unwrap();
    assert_eq!(samples.units(), ["ohm", "H", "F", ""]);
    let summary = samples.summary().unwrap();
    assert_eq!(summary.names, ["r", "l", "c", "sigma"]);
    assert_eq!(summary.scales, [1.0, 1e-9, 1e-12, 1.0]);
    let table = summary.to_string();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 5, "{table}");
    for word in ["unit", "mean", "sd", "5", "95", "R-hat", "ESS"] {
        assert!(rows[0].contains(&word), "{word} missing in\n{table}");
    }
    // Values in the display scale: L in nH and C in pF, near the truth.
    let cell = |row: &[&str], k: usize| row[k].parse::<f64>().unwrap();
    assert_eq!((rows[1][0], rows[1][1]), ("r", "ohm"), "{table}");
    assert_eq!((rows[2][0], rows[2][1]), ("l", "nH"), "{table}");
    assert_eq!((rows[3][0], rows[3][1]), ("c", "pF"), "{table}");
    assert!((cell(&rows[2], 2) - 20.0).abs() < 1.0, "{table}");
    assert!((cell(&rows[3], 2) - 1.0).abs() < 0.05, "{table}");
    // The dimensionless noise has no unit: its row has one column less.
    assert_eq!(rows[4][0], "sigma");
    assert_eq!(rows[4].len(), rows[1].len() - 1, "{table}");
    // The mean column is the summary's mean over the scale.
    assert!((cell(&rows[2], 2) / (summary.mean[1] / 1e-9) - 1.0).abs() < 1e-5);
    let rhat = summary.rhat.as_ref().unwrap();
    assert_eq!(rhat.as_slice().unwrap(), samples.rhat().unwrap());
    assert_eq!(
        summary.ess.as_ref().unwrap(),
        samples.diagnostics().unwrap().ess_bulk
    );
    let run = samples.run();
    assert!(run.evaluations >= 400 && run.converged, "{run:?}");
}

#[test]
fn nested_sampling_infers_the_noise_level_injected() {
    // Noise 2e-2 per part on 60 points: 240 values, so sigma is known to ~5 %.
    let sigma = 2e-2;
    let data = noisy_rlc(60, sigma, 8);
    let posterior = Posterior::new(
        &rlc_params(),
        Likelihood::new(Objective::new().term(Term::new(data))),
    )
    .unwrap();
    let settings = NestedSettings {
        n_live: Some(100),
        seed: 6,
        ..Default::default()
    };
    let samples = posterior.nested(&settings).unwrap();
    let summary = samples.summary().unwrap();
    assert!(samples.run().converged);
    // The interval of sigma covers the injected level, and its mean is within 15 %.
    let (lo, hi) = (summary.quantiles[[3, 0]], summary.quantiles[[3, 4]]);
    assert!(lo < sigma && sigma < hi, "sigma in [{lo}, {hi}]");
    assert!((summary.mean[3] / sigma - 1.0).abs() < 0.15, "{summary}");
    for (k, truth) in [10.0, 20e-9, 1e-12].iter().enumerate() {
        let z = (summary.mean[k] - truth) / summary.sd[k];
        assert!(z.abs() < 4.0, "{}: z = {z}\n{summary}", summary.names[k]);
    }
    // Weighted draws: Kish's effective sample size, no R-hat.
    assert!(summary.rhat.is_none());
    assert!(summary.ess.as_ref().unwrap()[0] > 100.0, "{summary}");
}

#[test]
fn evidence_prefers_the_richer_model_when_the_data_need_it() {
    // The converse of the test above: data from a capacitor with 5 ohm of ESR. The capacitor
    // alone cannot fit them and its evidence is far lower.
    let freq = Frequency::linspace(0.1, 3.0, 40, FrequencyUnit::GHz).unwrap();
    let data = noisy(
        &SeriesCEsr::new(2e-12, 5.0).network(&freq).unwrap(),
        1e-2,
        5,
    );
    let (simple, richer) = capacitor_with_and_without_esr(data, 100, 3);
    let (za, ea) = simple.log_evidence().unwrap();
    let (zb, eb) = richer.log_evidence().unwrap();
    assert!(
        zb - za > 10.0 + 3.0 * (ea * ea + eb * eb).sqrt(),
        "{za} +- {ea} vs {zb} +- {eb}"
    );
    let summary = richer.summary().unwrap();
    assert!(
        (summary.mean[1] - 5.0).abs() < 4.0 * summary.sd[1],
        "{summary}"
    );
}

#[test]
fn student_t_shrugs_off_outliers_that_pull_the_gaussian() {
    // A capacitor measured with noise 1e-3 and three gross outliers (0.2 on S21).
    let freq = Frequency::linspace(0.1, 3.0, 60, FrequencyUnit::GHz).unwrap();
    let truth = 2e-12;
    let clean = noisy(&SeriesC::new(truth).network(&freq).unwrap(), 1e-3, 9);
    let mut s = clean.s().clone();
    for k in [10, 30, 50] {
        s[[k, 1, 0]] += Complex::new(0.2, 0.0);
    }
    let data = Network::from_s(freq.clone(), s).unwrap();
    let objective = Objective::new().term(Term::new(data));
    let mut params = SeriesC::new(2.4e-12).params().unwrap();
    params.set_bounds("c", 1e-12, 4e-12).unwrap();
    let map = |distribution| {
        let likelihood = Likelihood::new(objective.clone())
            .noise(Noise::Fixed(1e-3))
            .distribution(distribution);
        let map = Posterior::new(&params, likelihood)
            .unwrap()
            .map(Default::default())
            .unwrap();
        let sd = map.covariance.unwrap()[[0, 0]].sqrt();
        (map.values[0], sd)
    };
    let (gauss, gauss_sd) = map(Distribution::Gaussian);
    let (robust, robust_sd) = map(Distribution::StudentT { nu: 3.0 });
    // The Student-t MAP stays within its uncertainty of the truth; the Gaussian one is pulled
    // away by many of its own standard deviations.
    assert!(
        (robust - truth).abs() < 3.0 * robust_sd,
        "Student-t {robust} +- {robust_sd}"
    );
    assert!(
        (gauss - truth).abs() > 10.0 * gauss_sd,
        "Gaussian {gauss} +- {gauss_sd}"
    );
    assert!((gauss - truth).abs() > 10.0 * (robust - truth).abs());
}

#[test]
fn several_data_sets_are_one_likelihood() {
    // Two measurements of the same capacitor with independent noise: the joint posterior is
    // narrower by sqrt(2) than either alone (a near-linear model with a fixed noise level).
    let freq = Frequency::linspace(0.1, 3.0, 40, FrequencyUnit::GHz).unwrap();
    let clean = SeriesC::new(2e-12).network(&freq).unwrap();
    let (a, b) = (noisy(&clean, 1e-2, 21), noisy(&clean, 1e-2, 22));
    let mut params = SeriesC::new(2e-12).params().unwrap();
    params.set_bounds("c", 1e-12, 4e-12).unwrap();
    let laplace = |objective: Objective| {
        let likelihood = Likelihood::new(objective).noise(Noise::Fixed(1e-2));
        let map = Posterior::new(&params, likelihood)
            .unwrap()
            .map(Default::default())
            .unwrap();
        (map.values[0], map.covariance.unwrap()[[0, 0]].sqrt())
    };
    let (ca, sa) = laplace(Objective::new().term(Term::new(a.clone())));
    let (cb, sb) = laplace(Objective::new().term(Term::new(b.clone())));
    let (cj, sj) = laplace(Objective::new().term(Term::new(a)).term(Term::new(b)));
    for s in [sa, sb] {
        assert!((sj / s - 0.5f64.sqrt()).abs() < 0.02, "{sj} vs {s}");
    }
    // The joint MAP is the precision-weighted mean of the two, to first order.
    let weighted = (ca / (sa * sa) + cb / (sb * sb)) / (1.0 / (sa * sa) + 1.0 / (sb * sb));
    assert!(
        (cj - weighted).abs() < 0.05 * sj,
        "{cj} vs {weighted} +- {sj}"
    );
}

/// The coverage study of the issue: 20 synthetic noisy measurements of a lossy RLGC line (four
/// free per-unit-length constants, the noise inferred), each sampled by NUTS; how often the
/// central 90 % interval covers the truth, per parameter, and the inferred noise against the
/// injected one. Measured (release, 2 loaded cores, 333 s): covered r 19/20, l 16/20, g 19/20,
/// c 15/20, sigma 18/20; RMS of (mean - truth) / sd 0.79, 1.10, 0.75, 1.10, 0.99; inferred /
/// injected noise 0.941 .. 1.054.
#[test]
#[ignore = "slow: 20 NUTS runs on a lossy line; run with --release --ignored --nocapture"]
fn posterior_intervals_cover_the_truth_of_a_lossy_line() {
    let freq = Frequency::linspace(0.01, 3.0, 60, FrequencyUnit::GHz).unwrap();
    let truth = RlgcLine::new(3.0, 250e-9, 2e-3, 100e-12, 0.5);
    let values = [3.0, 250e-9, 2e-3, 100e-12];
    let sigma = 5e-3;
    let clean = truth.network(&freq).unwrap();
    let mut params = RlgcLine::new(4.0, 220e-9, 1.5e-3, 120e-12, 0.5)
        .params()
        .unwrap();
    params.fix("length").unwrap();
    params.set_bounds("r", 0.0, 20.0).unwrap();
    params.set_bounds("l", 100e-9, 500e-9).unwrap();
    params.set_bounds("g", 0.0, 0.02).unwrap();
    params.set_bounds("c", 40e-12, 250e-12).unwrap();
    let seeds = 20;
    let mut covered = [0usize; 5];
    let mut z2 = [0.0; 5];
    let mut ratios = Vec::new();
    let time = std::time::Instant::now();
    for seed in 0..seeds {
        let data = noisy(&clean, sigma, 100 + seed);
        let posterior = Posterior::new(
            &params,
            Likelihood::new(Objective::new().term(Term::new(data))),
        )
        .unwrap();
        let settings = NutsSettings {
            chains: 2,
            draws: 500,
            tune: 500,
            seed,
            ..Default::default()
        };
        let samples = posterior.nuts(&settings).unwrap();
        let summary = samples.summary().unwrap();
        if seed == 0 {
            println!("seed 0:\n{summary}");
        }
        assert!(
            summary.rhat.as_ref().unwrap().iter().all(|r| *r < 1.05),
            "seed {seed}:\n{summary}"
        );
        for (k, &t) in values.iter().chain([&sigma]).enumerate() {
            let (lo, hi) = (summary.quantiles[[k, 0]], summary.quantiles[[k, 4]]);
            covered[k] += usize::from(lo <= t && t <= hi);
            z2[k] += ((summary.mean[k] - t) / summary.sd[k]).powi(2);
        }
        ratios.push(summary.mean[4] / sigma);
    }
    println!(
        "{seeds} seeds in {:.1} s; coverage of the central 90 % interval (expected 18 of 20, \
         13-20 within 99 %), and the RMS of (mean - truth) / sd (expected ~1):",
        time.elapsed().as_secs_f64()
    );
    let names = ["r", "l", "g", "c", "sigma"];
    for ((name, covered), z2) in names.iter().zip(covered).zip(z2) {
        println!(
            "  {name:<6} {covered:>2}/{seeds}  rms z {:.2}",
            (z2 / seeds as f64).sqrt()
        );
    }
    let (min, max) = ratios
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &r| (a.min(r), b.max(r)));
    println!("  inferred / injected noise: {min:.3} .. {max:.3}");
    for (name, covered) in names.iter().zip(covered) {
        assert!(
            (13..=20).contains(&covered),
            "{name}: covered {covered}/{seeds}"
        );
    }
    assert!(
        ratios.iter().all(|r| (r - 1.0).abs() < 0.2),
        "noise ratios {ratios:?}"
    );
}

#[test]
fn a_prior_with_no_mass_within_the_bounds_is_named() {
    // The table refuses such a prior when it is set; a posterior built from a table changed
    // some other way checks again and names the prior and its bounds.
    let mut c = SeriesC::new(2e-12).params().unwrap();
    c.set_bounds("c", 1e-12, 4e-12).unwrap();
    let err = c
        .set_prior("c", Prior::normal(10e-12, 0.1e-12).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "`c`: normal(1e-11, 1e-13) has no probability within the bounds [1e-12, 4e-12]"
        ),
        "{err}"
    );
}
