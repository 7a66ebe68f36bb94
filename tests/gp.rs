//! A Gaussian-process discrepancy in the likelihood: its log likelihood against a dense direct
//! computation, exact gradients in the model parameters and the hyper-parameters, NUTS on a
//! model that cannot match the data, nested sampling, and the errors.

use pmrf::components::{SeriesC, SeriesRlc};
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Discrepancy, Distribution, Hyper, Kernel, Likelihood, Noise, Posterior};
use pmrf::ndarray::Array3;
use pmrf::prelude::*;

const KERNELS: [Kernel; 4] = [
    Kernel::Rbf,
    Kernel::Matern12,
    Kernel::Matern32,
    Kernel::Matern52,
];

/// The kernel's correlation, written from the textbook formulas.
fn correlation(kernel: Kernel, r: f64, l: f64) -> f64 {
    match kernel {
        Kernel::Rbf => (-r * r / (2.0 * l * l)).exp(),
        Kernel::Matern12 => (-r / l).exp(),
        Kernel::Matern32 => {
            let s = 3f64.sqrt() * r / l;
            (1.0 + s) * (-s).exp()
        }
        Kernel::Matern52 => {
            let s = 5f64.sqrt() * r / l;
            (1.0 + s + s * s / 3.0) * (-s).exp()
        }
        _ => unreachable!(),
    }
}

/// `ln N(d; 0, c)` by an explicit inverse and determinant (Gauss-Jordan with partial
/// pivoting), independent of the library's Cholesky.
fn dense_log_normal(d: &[f64], c: &[Vec<f64>]) -> f64 {
    let n = d.len();
    let mut m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row = c[i].clone();
            row.extend((0..n).map(|k| f64::from(u8::from(k == i))));
            row
        })
        .collect();
    let mut log_det = 0.0;
    for col in 0..n {
        let p = (col..n)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .unwrap();
        m.swap(col, p);
        let pivot = m[col][col];
        log_det += pivot.abs().ln();
        for v in m[col].iter_mut() {
            *v /= pivot;
        }
        for row in 0..n {
            if row != col {
                let f = m[row][col];
                let pivot_row = m[col].clone();
                for (v, p) in m[row].iter_mut().zip(pivot_row) {
                    *v -= f * p;
                }
            }
        }
    }
    let quad: f64 = (0..n)
        .map(|i| (0..n).map(|j| d[i] * m[i][n + j] * d[j]).sum::<f64>())
        .sum();
    -0.5 * quad - 0.5 * log_det - 0.5 * n as f64 * std::f64::consts::TAU.ln()
}

/// Data from a capacitor (2.2 pF) with a smooth ripple of amplitude `ripple` added to the
/// imaginary part of S21 and S12 and seeded Gaussian noise of `sigma` per real value.
fn rippled(points: usize, ripple: f64, sigma: f64) -> Network {
    let freq = Frequency::linspace(0.1, 3.0, points, FrequencyUnit::GHz).unwrap();
    let clean = SeriesC::new(2.2e-12).network(&freq).unwrap();
    let hz = freq.hz().to_vec();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut gauss = move || {
        let mut u = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let (a, b) = (u(), u());
        (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
    };
    let s = Array3::from_shape_fn(clean.s().dim(), |(k, i, j)| {
        // One smooth half-wave over the band, which no capacitance reproduces.
        let wave = if i != j {
            ripple * (std::f64::consts::PI * hz[k] / 3.1e9).sin()
        } else {
            0.0
        };
        clean.s()[[k, i, j]] + Complex::new(sigma * gauss(), wave + sigma * gauss())
    });
    Network::from_s(freq, s).unwrap()
}

fn c_params() -> Params<SeriesC> {
    let mut params = SeriesC::new(2e-12).params().unwrap();
    params.set_bounds("c", 1e-12, 4e-12).unwrap();
    params
}

fn gp(kernel: Kernel) -> Discrepancy {
    Discrepancy::new(
        kernel,
        Hyper::Inferred(Prior::uniform(1e-4, 0.1).unwrap()),
        Hyper::Inferred(Prior::uniform(0.05e9, 3e9).unwrap()),
    )
}

#[test]
fn log_likelihood_matches_a_dense_computation() {
    // Two terms over different points: S21 (complex: a real and an imaginary series) over
    // 25 points, and |S11| in dB over the band 1-2 GHz (one series of its own points).
    let data = rippled(25, 0.01, 1e-3);
    let objective = Objective::new()
        .term(Term::new(data.clone()).feature("s21".parse().unwrap()))
        .term(
            Term::new(data.clone())
                .feature("s11_db".parse().unwrap())
                .band(1e9, 2e9),
        );
    let model = SeriesC::new(2.0e-12);
    let d = objective.differences(&model).unwrap();
    let hz = data.frequency().hz();
    let band: Vec<f64> = hz
        .iter()
        .copied()
        .filter(|f| (1e9..=2e9).contains(f))
        .collect();
    assert_eq!(d.len(), 2 * hz.len() + band.len());
    let (sigma, amplitude, length) = (2e-3, 3e-2, 0.4e9);
    for kernel in KERNELS {
        let cov = |f: &[f64]| -> Vec<Vec<f64>> {
            (0..f.len())
                .map(|i| {
                    (0..f.len())
                        .map(|j| {
                            amplitude * amplitude * correlation(kernel, (f[i] - f[j]).abs(), length)
                                + if i == j { sigma * sigma } else { 0.0 }
                        })
                        .collect()
                })
                .collect()
        };
        let (re, im): (Vec<f64>, Vec<f64>) =
            d[..2 * hz.len()].chunks(2).map(|p| (p[0], p[1])).unzip();
        let expected = dense_log_normal(&re, &cov(hz))
            + dense_log_normal(&im, &cov(hz))
            + dense_log_normal(&d[2 * hz.len()..], &cov(&band));
        let posterior = Posterior::new(
            &c_params(),
            Likelihood::new(objective.clone()).discrepancy(gp(kernel)),
        )
        .unwrap();
        assert_eq!(
            posterior.names(),
            ["c", "sigma", "gp_amplitude", "gp_length"]
        );
        let got = posterior
            .log_likelihood(&[2.0e-12, sigma, amplitude, length])
            .unwrap();
        assert!(
            (got - expected).abs() <= 1e-10 * expected.abs(),
            "{kernel:?}: {got} vs {expected}"
        );
        // Fixed hyper-parameters give the same value, with fewer coordinates.
        let fixed = Posterior::new(
            &c_params(),
            Likelihood::new(objective.clone())
                .noise(Noise::Fixed(sigma))
                .discrepancy(Discrepancy::new(
                    kernel,
                    Hyper::Fixed(amplitude),
                    Hyper::Fixed(length),
                )),
        )
        .unwrap();
        assert_eq!(fixed.names(), ["c"]);
        assert_eq!(fixed.log_likelihood(&[2.0e-12]).unwrap(), got);
    }
}

#[test]
fn gradients_in_the_model_and_the_hyper_parameters_are_exact() {
    let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz).unwrap();
    let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
    let mut params = SeriesRlc::new(12.0, 18e-9, 1.2e-12).params().unwrap();
    params.set_bounds("r", 1.0, 100.0).unwrap();
    params.set_bounds("l", 1e-9, 100e-9).unwrap();
    params.set_bounds("c", 0.1e-12, 10e-12).unwrap();
    for kernel in KERNELS {
        let likelihood =
            Likelihood::new(Objective::new().term(Term::new(data.clone()))).discrepancy(gp(kernel));
        let posterior = Posterior::new(&params, likelihood).unwrap();
        assert_eq!(
            posterior.names(),
            ["r", "l", "c", "sigma", "gp_amplitude", "gp_length"]
        );
        let z = [0.3, -1.2, 0.7, -0.5, 0.2, -0.4];
        let mut grad = [0.0; 6];
        let value = posterior.log_density(&z, &mut grad).unwrap();
        assert!(value.is_finite());
        for k in 0..6 {
            let h = 1e-6;
            let at = |d: f64| {
                let mut zz = z;
                zz[k] += d;
                posterior.log_density(&zz, &mut [0.0; 6]).unwrap()
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            assert!(
                (grad[k] - fd).abs() <= 1e-5 * fd.abs().max(1.0),
                "{kernel:?} {}: {} vs {fd}",
                posterior.names()[k],
                grad[k]
            );
        }
    }
}

#[test]
fn nuts_with_a_discrepancy_covers_the_truth_where_independent_noise_does_not() {
    // A capacitor cannot make the ripple: with independent noise the posterior of `c` is
    // narrow and biased by it (measured: 90 % interval 2.177-2.188 pF); the GP takes the
    // ripple as discrepancy (amplitude ~8e-3, length ~1.4 GHz) and its interval,
    // 2.194-2.204 pF, covers the truth.
    let data = rippled(40, 0.02, 1e-3);
    let objective = Objective::new().term(Term::new(data));
    let settings = NutsSettings {
        chains: 2,
        draws: 300,
        tune: 300,
        seed: 3,
        ..Default::default()
    };
    let interval = |likelihood: Likelihood| {
        let samples = Posterior::new(&c_params(), likelihood)
            .unwrap()
            .nuts(&settings)
            .unwrap();
        let summary = samples.summary().unwrap();
        (summary.quantiles[[0, 0]], summary.quantiles[[0, 4]])
    };
    let truth = 2.2e-12;
    let (lo, hi) = interval(Likelihood::new(objective.clone()));
    assert!(!(lo < truth && truth < hi), "independent: [{lo}, {hi}]");
    let (lo, hi) = interval(Likelihood::new(objective).discrepancy(gp(Kernel::Rbf)));
    assert!(lo < truth && truth < hi, "GP: [{lo}, {hi}]");
}

#[test]
fn nested_sampling_infers_the_hyper_parameters() {
    let data = rippled(30, 0.02, 1e-3);
    let likelihood = Likelihood::new(Objective::new().term(Term::new(data)))
        .noise(Noise::Fixed(1e-3))
        .discrepancy(gp(Kernel::Matern52));
    let posterior = Posterior::new(&c_params(), likelihood).unwrap();
    let settings = NestedSettings {
        n_live: Some(60),
        seed: 5,
        ..Default::default()
    };
    let samples = posterior.nested(&settings).unwrap();
    assert!(samples.run().converged);
    assert_eq!(samples.names(), ["c", "gp_amplitude", "gp_length"]);
    assert_eq!(samples.units()[2], "Hz");
    let (log_z, _) = samples.log_evidence().unwrap();
    assert!(log_z.is_finite());
    let summary = samples.summary().unwrap();
    // Every draw within the priors' supports; the amplitude found near the ripple's size.
    for (k, (lo, hi)) in [(1e-12, 4e-12), (1e-4, 0.1), (0.05e9, 3e9)]
        .into_iter()
        .enumerate()
    {
        assert!(
            samples
                .values()
                .column(k)
                .iter()
                .all(|&x| lo <= x && x <= hi)
        );
    }
    assert!(
        (0.005..0.05).contains(&summary.mean[1]),
        "amplitude {}",
        summary.mean[1]
    );
}

#[test]
fn bad_discrepancies_are_errors() {
    let data = rippled(10, 0.0, 0.0);
    let objective = Objective::new().term(Term::new(data));
    let message = |likelihood: Likelihood| match Posterior::new(&c_params(), likelihood) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted"),
    };
    let student = Likelihood::new(objective.clone())
        .distribution(Distribution::StudentT { nu: 4.0 })
        .discrepancy(gp(Kernel::Rbf));
    assert!(message(student).contains("Student"));
    let zero = Likelihood::new(objective.clone())
        .discrepancy(Discrepancy::rbf(Hyper::Fixed(0.0), Hyper::Fixed(1e9)));
    assert!(message(zero).contains("amplitude 0 must be finite and positive"));
    let negative = Likelihood::new(objective).discrepancy(Discrepancy::matern32(
        Hyper::Fixed(0.01),
        Hyper::Inferred(Prior::uniform(-2.0, -1.0).unwrap()),
    ));
    assert!(message(negative).contains("gp_length prior has no mass above 0"));
}

#[test]
fn map_with_a_discrepancy_lands_where_the_gp_posterior_is() {
    // The MAP on all coordinates (model, noise, hyper-parameters) by the exact gradient: `c`
    // close to the truth despite the ripple, a positive definite Laplace covariance.
    let data = rippled(40, 0.02, 1e-3);
    let likelihood =
        Likelihood::new(Objective::new().term(Term::new(data))).discrepancy(gp(Kernel::Rbf));
    let map = Posterior::new(&c_params(), likelihood)
        .unwrap()
        .map(Default::default())
        .unwrap();
    assert_eq!(map.names, ["c", "sigma", "gp_amplitude", "gp_length"]);
    assert!(
        (map.values[0] / 2.2e-12 - 1.0).abs() < 5e-3,
        "{:?}",
        map.values
    );
    assert!((map.values[1] / 1e-3 - 1.0).abs() < 0.2, "{:?}", map.values);
    assert!(map.covariance.is_some());
}
