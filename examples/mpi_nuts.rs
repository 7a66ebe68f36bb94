//! NUTS across MPI ranks: the posterior of a series L and shunt C fitted to synthetic
//! measurements (noise known), its chains split over the ranks and gathered into one set of
//! samples, with R-hat and ESS across all chains, on every rank. Rank 0 prints the summary.
//!
//! Needs OpenMPI (`apt-get install libopenmpi-dev openmpi-bin libclang-dev`). Run with
//! `cargo build --release --example mpi_nuts --features mpi,nuts`, then
//! `mpirun -np 2 target/release/examples/mpi_nuts -- [--chains C] [--check]
//! [--fail-on-rank R]` (add `--allow-run-as-root --oversubscribe` as root or with more ranks
//! than cores). Default: C = 5 chains of 300 tuning steps and 300 draws (more ranks than
//! chains leave ranks idle).
//!
//! `--check` also samples in one process on rank 0 and exits non-zero unless the draws and
//! statistics are equal, bit for bit, and R-hat and ESS agree to 1e-12, for the raw sampler
//! (`distributed::nuts` against `sample::nuts`) and for the posterior
//! (`distributed::posterior_nuts` against `Posterior::nuts`). `--fail-on-rank R` makes the
//! log density fail on rank R after 20 evaluations: every rank must end with R's message and
//! a non-zero exit.

use std::ops::ControlFlow;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use pmrf::components::{SeriesL, ShuntC};
use pmrf::distributed;
use pmrf::distributed::mpi::traits::Communicator;
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{self, Diagnostics, NutsOutput, NutsSettings};
use pmrf::infer::{Likelihood, Noise, Posterior, Samples};
use pmrf::prelude::*;

type Device = Cascade<(SeriesL, ShuntC)>;

struct Args {
    chains: usize,
    check: bool,
    fail_on_rank: Option<usize>,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        chains: 5,
        check: false,
        fail_on_rank: None,
    };
    let number = |flag: &str, v: Option<String>| -> Result<usize, Error> {
        let v = v.unwrap_or_default();
        v.parse().map_err(|_| {
            Error::Shape(format!(
                "{flag}: expected a non-negative integer, got `{v}`"
            ))
        })
    };
    let mut it = std::env::args().skip(1).filter(|a| a != "--");
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => args.check = true,
            "--chains" => args.chains = number("--chains", it.next())?,
            "--fail-on-rank" => args.fail_on_rank = Some(number("--fail-on-rank", it.next())?),
            _ => {
                return Err(Error::Shape(format!(
                    "unknown argument `{a}`: expected --chains C, --check or --fail-on-rank R"
                )));
            }
        }
    }
    Ok(args)
}

/// The posterior of L and C given the network of L = 3.3 nH, C = 1.2 pF at 51 points.
fn posterior() -> Result<Posterior<Device>, Error> {
    let freq = Frequency::linspace(0.1, 3.0, 51, FrequencyUnit::GHz)?;
    let device = |l, c| Cascade::new((SeriesL::new(l), ShuntC::new(c)));
    let data = device(3.3e-9, 1.2e-12).network(&freq)?;
    let mut params = device(3e-9, 1e-12).params()?;
    params.set_bounds("*.l", 1e-9, 1e-8)?;
    params.set_bounds("*.c", 0.2e-12, 5e-12)?;
    let objective = Objective::new().term(Term::new(data));
    Posterior::new(
        &params,
        Likelihood::new(objective).noise(Noise::Fixed(1e-2)),
    )
}

/// Why `a` (distributed) and `b` (one process) differ, if they do.
fn diagnostics_differ(a: &Diagnostics, b: &Diagnostics) -> Option<String> {
    let close = |x: &pmrf::ndarray::Array1<f64>, y: &pmrf::ndarray::Array1<f64>| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(p, q)| (p - q).abs() <= 1e-12 * q.abs())
    };
    let pairs = [
        ("R-hat", &a.rhat, &b.rhat),
        ("bulk ESS", &a.ess_bulk, &b.ess_bulk),
        ("tail ESS", &a.ess_tail, &b.ess_tail),
    ];
    let (what, x, y) = pairs.into_iter().find(|(_, x, y)| !close(x, y))?;
    Some(format!("{what}: {x} vs {y}"))
}

fn compare_raw(a: &NutsOutput, b: &NutsOutput) -> Result<(), String> {
    if a.draws != b.draws {
        return Err("the raw draws differ".into());
    }
    if a.stats != b.stats || a.n_gradients != b.n_gradients {
        return Err("the raw statistics differ".into());
    }
    diagnostics_differ(&a.diagnostics, &b.diagnostics).map_or(Ok(()), Err)
}

fn compare_samples(a: &Samples<Device>, b: &Samples<Device>) -> Result<(), String> {
    if a.values() != b.values() {
        return Err("the posterior draws differ".into());
    }
    let (ra, rb) = (a.run(), b.run());
    if (ra.evaluations, ra.divergences) != (rb.evaluations, rb.divergences) {
        return Err("the gradient or divergence counts differ".into());
    }
    match (a.diagnostics(), b.diagnostics()) {
        (Some(x), Some(y)) => diagnostics_differ(x, y).map_or(Ok(()), Err),
        _ => Err("diagnostics missing".into()),
    }
}

fn body(world: &impl Communicator) -> Result<bool, Error> {
    let args = parse_args()?;
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let posterior = posterior()?;
    let settings = NutsSettings {
        chains: args.chains,
        draws: 300,
        tune: 300,
        seed: 21,
        ..Default::default()
    };
    let go = |_: &sample::NutsProgress| ControlFlow::Continue(());
    // The raw sampler on the posterior's unconstrained density (`--fail-on-rank` breaks it).
    let calls = AtomicUsize::new(0);
    let logp = |z: &[f64], g: &mut [f64]| {
        if args.fail_on_rank == Some(rank) && calls.fetch_add(1, Ordering::Relaxed) >= 20 {
            return Err(Error::Sampling(format!(
                "log density refused (forced by --fail-on-rank {rank})"
            )));
        }
        posterior.log_density::<2>(z, g)
    };
    let raw = distributed::nuts(world, posterior.dim(), logp, &settings, go)?;
    let samples = distributed::posterior_nuts::<_, _, 2>(world, &posterior, &settings)?;
    if rank != 0 {
        return Ok(true);
    }
    let summary = samples.summary()?;
    println!(
        "{} chains of {} draws on {size} rank(s): L = {:.4e} H, C = {:.4e} F, R-hat {}, \
         {} divergences, {:.2} s",
        settings.chains,
        settings.draws,
        summary.mean[0],
        summary.mean[1],
        samples
            .diagnostics()
            .map_or("-".into(), |d| d.rhat.to_string()),
        samples.run().divergences,
        samples.run().elapsed.as_secs_f64(),
    );
    if !args.check {
        return Ok(true);
    }
    let one_raw = sample::nuts(
        posterior.dim(),
        |z, g| posterior.log_density::<2>(z, g),
        &settings,
        go,
    )?;
    let one = posterior.nuts::<2>(&settings)?;
    let checked = compare_raw(&raw, &one_raw).and_then(|()| compare_samples(&samples, &one));
    let recovered = (summary.mean[0] / 3.3e-9 - 1.0).abs() < 0.02
        && (summary.mean[1] / 1.2e-12 - 1.0).abs() < 0.02;
    match &checked {
        Err(why) => eprintln!("check FAILED: {why}"),
        Ok(()) if !recovered => eprintln!("check FAILED: L and C not recovered to 2 %"),
        Ok(()) => println!("check: {size} rank(s) agree with one process"),
    }
    Ok(checked.is_ok() && recovered)
}

fn main() -> ExitCode {
    distributed::launch(body)
}
