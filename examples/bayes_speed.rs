//! Speed of Bayesian inference on the series-RLC problem of the fitting benchmark (R = 10 ohm,
//! L = 20 nH, C = 1 pF, 301 points 1 MHz-3 GHz, all of S) with seeded complex Gaussian noise of
//! 1e-3 per part, the noise level inferred (prior Uniform(1e-6, 0.1)):
//!
//! - NUTS, 4 chains of 1000 tuning steps and 1000 draws: effective samples per second (the
//!   smallest bulk ESS over the 4 coordinates divided by the wall time of the run, tuning
//!   included);
//! - nested sampling (default settings: 100 live points, 12 slice steps, `dlogz` 0.01): time to
//!   convergence and the evidence;
//! - the cost of one log-density gradient, by the posterior's vector-dual pass and by the
//!   general path (`diff::value_and_gradient`: passes of 8 lanes, in parallel beyond 8
//!   parameters, plus an `f64` pass), called from one thread and from two at once (as two parallel chains call it), on this problem and on
//!   the 7-parameter low-pass of `examples/bayes.rs`, and NUTS on that low-pass.
//!
//! No warm-up to amortise: everything is compiled ahead of time; the first NUTS run is timed
//! like the others. Wall-clock figures depend on how busy the machine is; the ESS per 1000
//! gradients and the gradient cost on one thread do not (much). Run with
//! `cargo run --release --example bayes_speed --features nuts`.
//!
//! Measured on 2 cores shared with other jobs (load ~6.5, about one core free), before the
//! posterior moved to vector duals (sequential `Dual64` passes then): NUTS 121-134
//! ESS/s (min bulk ESS 1521-1737 in 12.6-13.1 s, 35-41 ESS per 1000 gradients, no divergence);
//! nested sampling converged in 17.9-19.2 s (3.0e5 likelihood calls, ln Z 13237.2-13237.9 +-
//! 0.6 over 3 seeds); one gradient 209 us on one thread (224 us by the general path), and for
//! the low-pass from two threads at once 5.7 ms against 7.2 ms by the general path.

use std::path::Path;
use std::time::Instant;

use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesLEsr, SeriesRlc, ShuntCEsr};
use pmrf::diff::Differentiable;
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Likelihood, Posterior};
use pmrf::ndarray::Array3;
use pmrf::prelude::*;

type Lowpass = Cascade<(DelayLine, ShuntCEsr, SeriesLEsr, ShuntCEsr, DelayLine)>;

/// `network` plus seeded complex Gaussian noise of `sigma` per real and imaginary part.
fn noisy(network: &Network, sigma: f64, seed: u64) -> pmrf::Result<Network> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1; // xorshift64*
    let mut uniform = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        ((state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let noise = Array3::from_shape_fn(network.s().dim(), |_| {
        let (a, b) = (uniform(), uniform());
        Complex::from_polar((-2.0 * a.ln()).sqrt() * sigma, std::f64::consts::TAU * b)
    });
    Network::from_s(network.frequency().clone(), network.s() + &noise)
}

/// Microseconds per call of `f` on each of `threads` threads calling it at once (as parallel
/// chains do), over 0.5 s.
fn micros(threads: usize, f: impl Fn() + Sync) -> f64 {
    let time = Instant::now();
    let calls: u32 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut calls = 0u32;
                    while time.elapsed().as_secs_f64() < 0.5 {
                        f();
                        calls += 1;
                    }
                    calls
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    time.elapsed().as_secs_f64() * 1e6 * threads as f64 / calls.max(1) as f64
}

/// Times one gradient of the log density of `posterior` both ways, at its start values.
fn gradient_cost<M, const N: usize>(
    what: &str,
    posterior: &Posterior<M>,
    params: &Params<M>,
    objective: &Objective,
) -> pmrf::Result<()>
where
    M: Differentiable<N>,
{
    let dim = posterior.dim();
    let z = vec![0.1; dim];
    posterior.log_density::<N>(&z, &mut vec![0.0; dim])?;
    let ours = || {
        let _ = posterior.log_density::<N>(&z, &mut vec![0.0; dim]);
    };
    // The general path: the gradient of the sum of squares by `value_and_gradient` (passes of
    // 8 lanes), plus an f64 pass for the value.
    let general = || {
        let _ = value_and_gradient(params, &Filter::Free, |m| {
            let d = objective.differences::<Grad, _, N>(m).unwrap_or_default();
            d.iter().fold(Grad::from(0.0), |a, &x| a + x * x)
        });
        let _ = objective.differences::<f64, _, N>(params.model());
    };
    for threads in [1, 2] {
        println!(
            "{what}, {threads} caller thread(s): one gradient {:.1} us by the posterior's \
             vector-dual pass, {:.1} us by diff::value_and_gradient + an f64 pass",
            micros(threads, ours),
            micros(threads, general)
        );
    }
    Ok(())
}

fn main() -> pmrf::Result<()> {
    let freq = Frequency::linspace(1e6, 3e9, 301, FrequencyUnit::Hz)?;
    let sigma = 1e-3;
    let data = noisy(
        &SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq)?,
        sigma,
        7,
    )?;
    let objective = Objective::new().term(Term::new(data));
    let params = SeriesRlc::new(15.0, 15e-9, 1.5e-12)
        .params()?
        .bounded("r", 1.0..=100.0)?
        .bounded("l", 1e-9..=100e-9)?
        .bounded("c", 0.1e-12..=10e-12)?;
    let posterior = Posterior::new(&params, Likelihood::new(objective.clone()))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("series RLC, 301 points, noise {sigma:e} per part, {threads} hardware threads\n");

    let settings = NutsSettings {
        chains: 4,
        draws: 1000,
        tune: 1000,
        ..Default::default()
    };
    for seed in 1..=3u64 {
        let samples = posterior.nuts(&NutsSettings {
            seed,
            ..settings.clone()
        })?;
        let run = samples.run();
        let seconds = run.elapsed.as_secs_f64();
        let ess = samples.diagnostics().map_or(f64::NAN, |d| {
            d.ess_bulk.fold(f64::INFINITY, |a, &b| a.min(b))
        });
        println!(
            "NUTS seed {seed}: 4 chains x (1000 tuning + 1000 draws) in {seconds:.3} s, min bulk \
             ESS {ess:.0}, {:.0} ESS/s, {} gradients ({:.1} ESS per 1000, {:.1} us each per \
             chain thread), {} divergences",
            ess / seconds,
            run.evaluations,
            1000.0 * ess / run.evaluations as f64,
            seconds * 1e6 * threads.min(4) as f64 / run.evaluations as f64,
            run.divergences
        );
        if seed == 1 {
            println!("\n{}", samples.summary()?);
        }
    }

    println!();
    for seed in 1..=3 {
        let samples = posterior.nested(&NestedSettings {
            seed,
            ..Default::default()
        })?;
        let run = samples.run();
        let (log_z, err) = samples.log_evidence().unwrap_or_default();
        let summary = samples.summary()?;
        println!(
            "nested seed {seed}: converged {} in {:.3} s, {} likelihood calls, ln Z {log_z:.2} \
             +- {err:.2}, Kish ESS {:.0}",
            run.converged,
            run.elapsed.as_secs_f64(),
            run.evaluations,
            summary.ess.as_ref().map_or(f64::NAN, |e| e[0])
        );
        if seed == 1 {
            println!("\n{summary}");
        }
    }

    println!();
    gradient_cost::<_, 2>(
        "series RLC (4 coordinates)",
        &posterior,
        &params,
        &objective,
    )?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lowpass_measured.s2p");
    let measured = Network::from_touchstone(&path)?;
    let lowpass = Cascade::new((
        DelayLine::new(50.0, 30e-12),
        ShuntCEsr::new(3.3e-12, 0.2),
        SeriesLEsr::new(4.7e-9, 0.5),
        ShuntCEsr::new(1.5e-12, 0.5),
        DelayLine::new(50.0, 30e-12),
    ));
    let params = lowpass
        .params()?
        .fixed("stages[*].z0")?
        .tied("stages[4].delay", "stages[0].delay")?
        .bounded("stages[*].delay", 0.0..=200e-12)?
        .bounded("stages[*].c", 0.1e-12..=20e-12)?
        .bounded("stages[*].esr", 0.0..=5.0)?
        .bounded("stages[2].l", 1e-9..=50e-9)?;
    let objective = Objective::new().term(Term::new(measured));
    let posterior: Posterior<Lowpass> =
        Posterior::new(&params, Likelihood::new(objective.clone()))?;
    gradient_cost::<_, 2>("low-pass (8 coordinates)", &posterior, &params, &objective)?;
    let time = Instant::now();
    let samples = posterior.nuts(&NutsSettings {
        chains: 2,
        draws: 400,
        tune: 400,
        seed: 1,
        ..Default::default()
    })?;
    let seconds = time.elapsed().as_secs_f64();
    let ess = samples.diagnostics().map_or(f64::NAN, |d| {
        d.ess_bulk.fold(f64::INFINITY, |a, &b| a.min(b))
    });
    println!(
        "low-pass NUTS as examples/bayes.rs (2 chains x (400 + 400)): {seconds:.2} s, min bulk \
         ESS {ess:.0}, {:.0} ESS/s, {} gradients, {} divergences",
        ess / seconds,
        samples.run().evaluations,
        samples.run().divergences
    );
    Ok(())
}
