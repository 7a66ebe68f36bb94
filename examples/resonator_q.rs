//! The Q and resonant frequency of a measured resonator, with credible intervals.
//!
//! A two-port resonator measured with noise (`data/resonator/resonator.s2p`, generated with
//! known poles by `scripts/gen_resonator_data.py`) is vector-fitted to a rational model of one
//! pole pair (a `PoleResidue`), whose poles and residues NUTS then samples. Every draw's pole
//! `p` gives `f0 = |p| / (2 pi)` and `Q = |p| / (2 |Re p|)`: their spread is the uncertainty of
//! the measurement's f0 and Q, printed next to the truth, and next to the intervals of a
//! least-squares fit (its covariance carried to f0 and Q by the delta method).
//!
//! `cargo run --release --example resonator_q --features nuts`

use std::f64::consts::TAU;
use std::path::Path;

use pmrf::components::{PoleResidue, VectorFitSettings, passivity, vector_fit};
use pmrf::fit::{Fit, Objective, Term};
use pmrf::infer::sample::NutsSettings;
use pmrf::infer::{Likelihood, Posterior};
use pmrf::prelude::*;

/// The generator's truth (examples/data/resonator/README.md).
const F0: f64 = 2.4e9;
const Q: f64 = 50.0;

fn main() -> pmrf::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/resonator/resonator.s2p");
    let measured = Network::from_touchstone(&path)?;

    // 1. Vector fitting: one pole pair, and the constant D.
    let settings = VectorFitSettings {
        real_poles: 0,
        pole_pairs: 1,
        ..Default::default()
    };
    let fit = vector_fit::<2>(&measured, &settings)?;
    let pair = &fit.model.pairs()[0];
    println!(
        "vector fit: {} iterations, rms error {:.2e}; f0 = {:.6} GHz, Q = {:.3}",
        fit.iterations,
        fit.rms_error,
        pair.f0() / 1e9,
        pair.q()
    );
    // Reported, not enforced (`enforce_passivity` would perturb the residues): the fitted D
    // carries the noise, and may exceed 1 slightly.
    let wide = Frequency::linspace(0.0, 10.0, 2001, FrequencyUnit::GHz)?;
    let check = passivity(&fit.model, &wide)?;
    println!(
        "passivity (0-10 GHz): max singular value {:.4} at {:.3} GHz, {}",
        check.max_singular_value,
        check.at_hz / 1e9,
        if check.is_passive() {
            "passive"
        } else {
            "NOT passive"
        }
    );

    // 2. A least-squares fit from the vector fit: its covariance gives f0 and Q standard
    //    errors (delta method), the frequentist intervals next to the posterior's below.
    let ls = Fit::new(
        &fit.model,
        Objective::new().term(Term::new(measured.clone())),
    )?
    .run()?;
    let cov = ls
        .covariance()
        .ok_or_else(|| pmrf::Error::Fit("the least-squares fit has no covariance".into()))?;
    let resonance = ls.model().resonances(ls.names(), cov)?[0];

    // 3. Priors: uniform boxes around the vector fit, wide against its uncertainty.
    let (re, im) = (pair.pole().re, pair.pole().im);
    let mut params = fit.model.params()?;
    let start: Vec<(String, f64)> = (params.names().into_iter().map(String::from))
        .zip(params.values())
        .collect();
    for (name, value) in &start {
        let value = *value;
        let (lo, hi) = match name.as_str() {
            "pairs[0].re" => (2.0 * re, 0.5 * re),
            "pairs[0].im" => (0.95 * im, 1.05 * im),
            n if n.starts_with("d[") => (value - 0.2, value + 0.2),
            _ => (value + re, value - re), // residues: +- |Re p|, their own scale
        };
        params.set_bounds(name, lo, hi)?;
    }
    let likelihood = Likelihood::new(Objective::new().term(Term::new(measured)));
    let posterior: Posterior<PoleResidue<f64, 2>> = Posterior::new(&params, likelihood)?;

    // 4. NUTS over the 14 poles, residues and D, and the noise level.
    let settings = NutsSettings {
        chains: 2,
        draws: 500,
        tune: 500,
        seed: 23,
        ..Default::default()
    };
    let samples = posterior.nuts(&settings)?;
    let run = samples.run();
    println!(
        "NUTS: 2 chains x (500 tuning + 500 draws), {} gradients, {} divergences",
        run.evaluations, run.divergences
    );
    let column = |name: &str| -> pmrf::Result<usize> {
        samples
            .names()
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| pmrf::Error::Fit(format!("no coordinate {name}")))
    };
    let (cr, ci) = (column("pairs[0].re")?, column("pairs[0].im")?);
    let draws = samples.values();
    let mut f0 = Vec::new();
    let mut q = Vec::new();
    for row in draws.outer_iter() {
        let m = row[cr].hypot(row[ci]);
        f0.push(m / TAU);
        q.push(m / (2.0 * row[cr].abs()));
    }
    println!(
        "\n{:>8} {:>10} {:>11} {:>14} {:>11}",
        "", "truth", "5 %", "median/value", "95 %"
    );
    let fitted = [
        (resonance.f0, resonance.f0_std_error),
        (resonance.q, resonance.q_std_error),
    ];
    for ((name, unit, truth, mut v), (value, se)) in [("f0", 1e9, F0, f0), ("Q", 1.0, Q, q)]
        .into_iter()
        .zip(fitted)
    {
        v.sort_by(f64::total_cmp);
        let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize] / unit;
        println!(
            "{:>8} {:>10.6} {:>11.6} {:>14.6} {:>11.6}",
            format!("{name} NUTS"),
            truth / unit,
            at(0.05),
            at(0.5),
            at(0.95)
        );
        // The 90 % interval of a normal: +- 1.645 standard errors.
        println!(
            "{:>8} {:>10} {:>11.6} {:>14.6} {:>11.6}",
            format!("{name} fit"),
            "",
            (value - 1.645 * se) / unit,
            value / unit,
            (value + 1.645 * se) / unit
        );
    }
    println!("(f0 in GHz; the data's noise is sigma = 2e-3)");
    if let Some(sigma) = column("sigma")
        .ok()
        .map(|c| draws.column(c).mean().unwrap_or(0.0))
    {
        println!("posterior mean sigma = {sigma:.2e}");
    }
    Ok(())
}
