//! Joint multivariate-normal priors: validation, and every consumer (NUTS, nested sampling,
//! MAP fits, batches) recovering the prior where the data say nothing.

use pmrf::components::{Cascade, SeriesCEsr, SeriesR, ShuntR};
use pmrf::fit::{Fit, Method, Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Likelihood, Noise, Posterior};
use pmrf::optim::Options;
use pmrf::params::{JointPrior, Prior};
use pmrf::prelude::*;

const MEAN: [f64; 2] = [2e-12, 1.0];
const SD: [f64; 2] = [1e-13, 0.1];
const RHO: f64 = 0.8;

fn cov() -> [[f64; 2]; 2] {
    let c = RHO * SD[0] * SD[1];
    [[SD[0] * SD[0], c], [c, SD[1] * SD[1]]]
}

/// A capacitor with ESR under the joint prior, bounds far out (10 sd).
fn params() -> Params<SeriesCEsr> {
    let mut p = SeriesCEsr::new(2e-12, 1.0).params().unwrap();
    p.set_bounds("c", 1e-12, 3e-12)
        .unwrap()
        .set_bounds("esr", 0.0, 2.0)
        .unwrap()
        .set_prior("esr", Prior::normal(1.5, 0.01).unwrap()) // replaced by the joint prior
        .unwrap()
        .set_joint_prior(&["c", "esr"], MEAN, cov())
        .unwrap();
    p
}

/// A likelihood so wide (noise 1e3 on S) that the posterior is the prior (yet not flat to
/// rounding, which nested sampling would see as a plateau).
fn flat_likelihood() -> Likelihood {
    let freq = Frequency::linspace(0.5, 2.0, 5, FrequencyUnit::GHz).unwrap();
    let data = SeriesCEsr::new(2e-12, 1.0).network(&freq).unwrap();
    Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e6))
}

/// Weighted mean, standard deviations and correlation of two columns.
fn moments(x: &[[f64; 2]], w: &[f64]) -> ([f64; 2], [f64; 2], f64) {
    let total: f64 = w.iter().sum();
    let mean = [0, 1].map(|k| x.iter().zip(w).map(|(x, w)| w * x[k]).sum::<f64>() / total);
    let c = |a: usize, b: usize| {
        (x.iter().zip(w))
            .map(|(x, w)| w * (x[a] - mean[a]) * (x[b] - mean[b]))
            .sum::<f64>()
            / total
    };
    let sd = [c(0, 0).sqrt(), c(1, 1).sqrt()];
    (mean, sd, c(0, 1) / (sd[0] * sd[1]))
}

fn check_recovers_the_prior(x: &[[f64; 2]], w: &[f64], n_eff: f64, what: &str) {
    let (mean, sd, rho) = moments(x, w);
    for k in 0..2 {
        // 4 standard errors of the mean; the sd to 4 * sd / sqrt(2 n_eff).
        let se = SD[k] / n_eff.sqrt();
        assert!(
            (mean[k] - MEAN[k]).abs() < 4.0 * se,
            "{what}: mean[{k}] {}",
            mean[k]
        );
        assert!(
            (sd[k] / SD[k] - 1.0).abs() < 4.0 / (2.0 * n_eff).sqrt(),
            "{what}: sd[{k}] {}",
            sd[k]
        );
    }
    // The standard error of a correlation: (1 - rho^2) / sqrt(n).
    assert!(
        (rho - RHO).abs() < 4.0 * (1.0 - RHO * RHO) / n_eff.sqrt(),
        "{what}: rho {rho}"
    );
}

#[test]
fn nuts_recovers_the_joint_prior() {
    let posterior = Posterior::new(&params(), flat_likelihood()).unwrap();
    let settings = NutsSettings {
        chains: 4,
        draws: 1000,
        tune: 500,
        seed: 3,
        ..Default::default()
    };
    let samples = posterior.nuts(&settings).unwrap();
    let x: Vec<[f64; 2]> = (samples.values().rows().into_iter())
        .map(|r| [r[0], r[1]])
        .collect();
    let w = vec![1.0; x.len()];
    let ess = (samples.diagnostics().unwrap().ess_bulk.iter())
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert!(ess > 500.0, "{ess}");
    check_recovers_the_prior(&x, &w, ess, "NUTS");
}

#[test]
fn nested_sampling_recovers_the_joint_prior_and_its_evidence() {
    let posterior = Posterior::new(&params(), flat_likelihood()).unwrap();
    let settings = NestedSettings {
        n_live: Some(500),
        seed: 5,
        ..Default::default()
    };
    let samples = posterior.nested(&settings).unwrap();
    let lw = samples.log_weights().unwrap();
    let top = lw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = lw.iter().map(|l| (l - top).exp()).collect();
    let x: Vec<[f64; 2]> = (samples.values().rows().into_iter())
        .map(|r| [r[0], r[1]])
        .collect();
    // Kish's effective sample size.
    let n_eff = w.iter().sum::<f64>().powi(2) / w.iter().map(|w| w * w).sum::<f64>();
    assert!(n_eff > 300.0, "{n_eff}");
    check_recovers_the_prior(&x, &w, n_eff, "nested");
    // A flat likelihood: the evidence is the likelihood's (constant) value.
    let ln_l = posterior.log_likelihood::<2>(&MEAN).unwrap();
    let (z, err) = samples.log_evidence().unwrap();
    assert!(
        (z - ln_l).abs() < 1e-6 + 4.0 * err,
        "{z} vs {ln_l} +- {err}"
    );
}

#[test]
fn batches_draw_from_the_joint_prior() {
    let n = 100_000;
    let batch = Batch::sample(&params(), &Filter::Free, n, 9).unwrap();
    let v = batch.values();
    let x: Vec<[f64; 2]> = v.rows().into_iter().map(|r| [r[0], r[1]]).collect();
    check_recovers_the_prior(&x, &vec![1.0; n], n as f64, "batch");
    // Bounds cutting the prior: every member within them.
    let mut p = params();
    p.set_bounds("esr", 1.0, 2.0).unwrap();
    let batch = Batch::sample(&p, &Filter::Free, 1000, 1).unwrap();
    assert!(
        batch
            .values()
            .column(1)
            .iter()
            .all(|&r| (1.0..=2.0).contains(&r))
    );
}

#[test]
fn ln_prior_is_the_joint_density_alone() {
    let p = params();
    // At the mean: -ln(2 pi sd0 sd1 sqrt(1 - rho^2)); the individual normal(1.5, 0.01) is not counted.
    let want = -(2.0 * std::f64::consts::PI * SD[0] * SD[1] * (1.0 - RHO * RHO).sqrt()).ln();
    assert!(
        (p.ln_prior() / want - 1.0).abs() < 1e-14,
        "{}",
        p.ln_prior()
    );
    assert!(
        p.to_string().contains("prior joint normal over c, esr"),
        "{p}"
    );
    let j = &p.joint_priors()[0];
    assert_eq!(j.mean(), MEAN);
    let back = j.cov();
    assert!((back[0][1] / cov()[0][1] - 1.0).abs() < 1e-14);
    // The whitened mean + sd is the Cholesky step: (1, -rho / sqrt(1 - rho^2)).
    let w = j.whiten(&[MEAN[0] + SD[0], MEAN[1]]);
    assert!((w[0] - 1.0).abs() < 1e-14 && (w[1] + RHO / (1.0 - RHO * RHO).sqrt()).abs() < 1e-14);
}

#[test]
fn joint_priors_refuse_bad_input() {
    let mut p = SeriesCEsr::new(2e-12, 1.0).params().unwrap();
    let msg = |e: Error| e.to_string();
    // Not positive definite.
    let e = msg(p
        .set_joint_prior(&["c", "esr"], MEAN, [[1e-26, 2e-14], [2e-14, 1e-2]])
        .unwrap_err());
    assert!(
        e.contains("not positive definite") && e.contains("`esr`"),
        "{e}"
    );
    // Not symmetric.
    let e = msg(p
        .set_joint_prior(&["c", "esr"], MEAN, [[1e-26, 0.0], [1e-15, 1e-2]])
        .unwrap_err());
    assert!(e.contains("symmetric") && e.contains("cov[0][1]"), "{e}");
    // Unknown name.
    let e = p.set_joint_prior(&["c", "r"], MEAN, cov()).unwrap_err();
    assert!(
        matches!(e, Error::UnknownParam { .. }) && e.to_string().contains("`r`"),
        "{e}"
    );
    // Wrong sizes.
    let e = msg(p.set_joint_prior(&["c", "esr"], [1.0], cov()).unwrap_err());
    assert!(e.contains("2 names but a mean of 1"), "{e}");
    let e = msg(p.set_joint_prior(&["c", "esr"], MEAN, [[1.0]]).unwrap_err());
    assert!(e.contains("must be 2 x 2"), "{e}");
    // Repeated, empty, non-finite.
    assert!(msg(JointPrior::new(&["c", "c"], MEAN, cov()).unwrap_err()).contains("named twice"));
    assert!(JointPrior::new(&[], [0.0; 0], [[0.0; 0]; 0]).is_err());
    assert!(JointPrior::new(&["c", "esr"], [f64::NAN, 1.0], cov()).is_err());
    // Fixed parameters cannot join; fixing one afterwards is refused where priors are read.
    p.fix("esr").unwrap();
    let e = msg(p.set_joint_prior(&["c", "esr"], MEAN, cov()).unwrap_err());
    assert!(e.contains("`esr` is fixed or tied"), "{e}");
    let mut q = params();
    q.fix("esr").unwrap();
    let e = msg(Posterior::new(&q, flat_likelihood()).err().unwrap());
    assert!(e.contains("only partly selected"), "{e}");
    assert!(Batch::sample(&q, &Filter::Free, 10, 1).is_err());
}

/// A series R then a shunt R: `Z11 = r1 + r2`, `Z21 = r2`, linear in both.
fn divider() -> (Cascade<(SeriesR, ShuntR)>, Objective) {
    let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz).unwrap();
    let data = Cascade::new((SeriesR::new(30.0), ShuntR::new(70.0)))
        .network(&freq)
        .unwrap();
    let objective = Objective::new()
        .term(Term::new(data.clone()).feature("z11_re".parse().unwrap()))
        .term(Term::new(data).feature("z21_re".parse().unwrap()));
    (
        Cascade::new((SeriesR::new(40.0), ShuntR::new(60.0))),
        objective,
    )
}

#[test]
fn map_fit_hits_the_linear_gaussian_mode() {
    let (model, objective) = divider();
    let names = ["stages[0].r", "stages[1].r"];
    let (mu, cov) = ([35.0, 60.0], [[4.0, 3.0], [3.0, 9.0]]);
    let mut params = model.params().unwrap();
    params.set_joint_prior(&names, mu, cov).unwrap();
    // The loss is exactly quadratic in r: its gradient g and Hessian H from central
    // differences (exact for a quadratic, up to rounding).
    let loss = |r: [f64; 2]| {
        objective
            .loss(&Cascade::new((SeriesR::new(r[0]), ShuntR::new(r[1]))))
            .unwrap()
    };
    let (x0, h) = ([40.0, 60.0], 1.0);
    let at = |d0: f64, d1: f64| loss([x0[0] + d0, x0[1] + d1]);
    let g = [
        (at(h, 0.0) - at(-h, 0.0)) / (2.0 * h),
        (at(0.0, h) - at(0.0, -h)) / (2.0 * h),
    ];
    let hxx = (at(h, 0.0) - 2.0 * at(0.0, 0.0) + at(-h, 0.0)) / (h * h);
    let hyy = (at(0.0, h) - 2.0 * at(0.0, 0.0) + at(0.0, -h)) / (h * h);
    let hxy = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h);
    // Mode of loss + (x - mu)^T cov^-1 (x - mu) / 2: (H + P) x = H x0 - g + P mu.
    let det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
    let p = [
        [cov[1][1] / det, -cov[0][1] / det],
        [-cov[1][0] / det, cov[0][0] / det],
    ];
    let a = [
        [hxx + p[0][0], hxy + p[0][1]],
        [hxy + p[1][0], hyy + p[1][1]],
    ];
    let hx0 = [hxx * x0[0] + hxy * x0[1], hxy * x0[0] + hyy * x0[1]];
    let rhs = [0, 1].map(|i| hx0[i] - g[i] + p[i][0] * mu[0] + p[i][1] * mu[1]);
    let d = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    let want = [
        (rhs[0] * a[1][1] - a[0][1] * rhs[1]) / d,
        (a[0][0] * rhs[1] - a[1][0] * rhs[0]) / d,
    ];
    for method in [Method::Auto, Method::LevenbergMarquardt, Method::Lbfgs] {
        let fit = Fit::new(&params, objective.clone())
            .unwrap()
            .with_priors()
            .method(method)
            .options(Options {
                ftol: Some(1e-15),
                gtol: Some(1e-14),
                ..Default::default()
            })
            .run()
            .unwrap();
        let got = fit.values();
        for k in 0..2 {
            assert!(
                (got[k] / want[k] - 1.0).abs() < 1e-8,
                "{method:?}: {got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn the_log_density_gradient_is_exact_with_a_joint_prior() {
    // Informative data and the joint prior: the gradient of ln p on the unconstrained space
    // against central differences.
    let freq = Frequency::linspace(0.5, 2.0, 5, FrequencyUnit::GHz).unwrap();
    let data = SeriesCEsr::new(2.1e-12, 1.2).network(&freq).unwrap();
    let likelihood =
        Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(0.05));
    let posterior = Posterior::new(&params(), likelihood).unwrap();
    let z = [0.3, -0.2];
    let mut g = [0.0; 2];
    posterior.log_density::<2>(&z, &mut g).unwrap();
    let mut scratch = [0.0; 2];
    for k in 0..2 {
        let h = 1e-6;
        let (mut up, mut down) = (z, z);
        up[k] += h;
        down[k] -= h;
        let d = (posterior.log_density::<2>(&up, &mut scratch).unwrap()
            - posterior.log_density::<2>(&down, &mut scratch).unwrap())
            / (2.0 * h);
        assert!(
            (g[k] - d).abs() < 1e-6 * d.abs().max(1.0),
            "{k}: {} vs {d}",
            g[k]
        );
    }
}
