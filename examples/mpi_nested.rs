//! Nested sampling across MPI ranks: the posterior and evidence of a low-pass's L and C from a
//! synthetic measurement, with the replacement points of every iteration drawn on all ranks.
//! Rank 0 prints the evidence and the posterior summary.
//!
//! Needs OpenMPI (`apt-get install libopenmpi-dev openmpi-bin libclang-dev`). Run with
//! `cargo build --release --example mpi_nested --features mpi`, then
//! `mpirun -np 2 target/release/examples/mpi_nested -- [--check] [--slow-ms T]
//! [--fail-on-rank R]` (add `--allow-run-as-root --oversubscribe` as root or with more ranks
//! than cores).
//!
//! - `--check` also runs every sampling in one process and exits non-zero unless the
//!   distributed runs are the one-process runs bit for bit, and unless the evidence of a normal
//!   likelihood over the unit cube (known, ln Z = 0) lies within 4 error bars for 4 seeds.
//! - `--slow-ms T` instead samples a 2-D normal likelihood made to cost T ms per call (a busy
//!   wait) and prints the wall time: the speed-up of `-np 2` over `-np 1` (with
//!   `RAYON_NUM_THREADS=1`) is the parallel speed-up of the sampler.
//! - `--fail-on-rank R` makes the likelihood fail on rank R: every rank must end with R's
//!   message and a non-zero exit.

use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use pmrf::components::{SeriesL, ShuntC};
use pmrf::distributed::{self, mpi::traits::Communicator};
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{self, NestedOutput, NestedSettings};
use pmrf::infer::{Likelihood, Noise, Posterior};
use pmrf::prelude::*;

#[derive(Default)]
struct Args {
    check: bool,
    slow_ms: Option<f64>,
    fail_on_rank: Option<usize>,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1).filter(|a| a != "--");
    let number = |flag: &str, v: Option<String>| -> Result<f64, Error> {
        let v = v.unwrap_or_default();
        (v.parse().ok())
            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| {
                Error::Shape(format!("{flag}: expected a non-negative number, got `{v}`"))
            })
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => args.check = true,
            "--slow-ms" => args.slow_ms = Some(number("--slow-ms", it.next())?),
            "--fail-on-rank" => {
                args.fail_on_rank = Some(number("--fail-on-rank", it.next())? as usize)
            }
            other => return Err(Error::Shape(format!("unknown argument `{other}`"))),
        }
    }
    Ok(args)
}

/// A normal log-likelihood (standard deviation `sigma` about the centre of the unit cube,
/// normalised, so `ln Z = 0` up to the mass outside the cube).
fn normal(x: &[f64], sigma: f64) -> f64 {
    let r2: f64 = x.iter().map(|v| (v - 0.5) * (v - 0.5)).sum();
    let norm = 0.5 * x.len() as f64 * (2.0 * std::f64::consts::PI * sigma * sigma).ln();
    -0.5 * r2 / (sigma * sigma) - norm
}

fn same(a: &NestedOutput, b: &NestedOutput) -> bool {
    (a.points == b.points && a.log_weights == b.log_weights)
        && (a.log_z, a.log_z_err, a.n_calls) == (b.log_z, b.log_z_err, b.n_calls)
}

fn continue_(_: &sample::NestedProgress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// The model: a series L and a shunt C, bounded, against its own response at 4.7 nH, 1.8 pF.
fn posterior() -> Result<Posterior<Cascade<(SeriesL, ShuntC)>>, Error> {
    let truth = Cascade::new((SeriesL::new(4.7e-9), ShuntC::new(1.8e-12)));
    let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
    let data = truth.network(&freq)?;
    let params = Cascade::new((SeriesL::new(3e-9), ShuntC::new(1e-12)))
        .params()?
        .bounded("stages[0].l", 1e-9..=10e-9)?
        .bounded("stages[1].c", 0.5e-12..=5e-12)?;
    let likelihood =
        Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e-2));
    Posterior::new(&params, likelihood)
}

fn body(world: &impl Communicator) -> Result<bool, Error> {
    let args = parse_args()?;
    let (rank, size) = (world.rank() as usize, world.size() as usize);

    if let Some(ms) = args.slow_ms {
        let cost = Duration::from_secs_f64(ms / 1e3);
        let slow = |x: &[f64]| {
            let t = Instant::now();
            while t.elapsed() < cost {
                std::hint::spin_loop();
            }
            Ok(normal(x, 0.1))
        };
        let settings = NestedSettings {
            n_live: Some(50),
            dlogz: 0.1,
            seed: 3,
            ..Default::default()
        };
        let start = Instant::now();
        let out = distributed::nested(
            world,
            2,
            slow,
            |u, x| x.copy_from_slice(u),
            &settings,
            continue_,
        )?;
        if rank == 0 {
            println!(
                "{size} rank(s), {} calls of {ms} ms: {:.2} s, ln Z = {:.3} +- {:.3}",
                out.n_calls,
                start.elapsed().as_secs_f64(),
                out.log_z,
                out.log_z_err
            );
        }
        return Ok(true);
    }

    let posterior = posterior()?;
    let settings = NestedSettings {
        n_live: Some(100),
        seed: 7,
        ..Default::default()
    };
    if let Some(bad) = args.fail_on_rank {
        // A likelihood that fails on rank `bad`.
        let fail = |x: &[f64]| {
            if rank == bad {
                return Err(Error::NonFiniteResult(format!(
                    "log-likelihood NaN at {x:?} (forced by --fail-on-rank {bad})"
                )));
            }
            Ok(normal(x, 0.1))
        };
        distributed::nested(
            world,
            2,
            fail,
            |u, x| x.copy_from_slice(u),
            &settings,
            continue_,
        )?;
        return Ok(true);
    }
    let start = Instant::now();
    let samples = distributed::posterior_nested::<_, _, 2>(world, &posterior, &settings)?;
    let secs = start.elapsed().as_secs_f64();
    if rank == 0 {
        let (log_z, err) = samples.log_evidence().unwrap_or((f64::NAN, f64::NAN));
        println!(
            "nested sampling on {size} rank(s): {} likelihood calls, {secs:.2} s, ln Z = {log_z:.3} +- {err:.3}",
            samples.run().evaluations
        );
        print!("{}", samples.summary()?);
    }
    if !args.check {
        return Ok(true);
    }

    // The one-process runs on every rank, compared bit for bit.
    let one = posterior.nested::<2>(&settings)?;
    let mut ok = one.values() == samples.values()
        && one.log_weights() == samples.log_weights()
        && one.log_evidence() == samples.log_evidence();
    for seed in 0..4 {
        let settings = NestedSettings {
            n_live: Some(100),
            seed,
            ..Default::default()
        };
        let loglike = |x: &[f64]| Ok(normal(x, 0.1));
        let cube = |u: &[f64], x: &mut [f64]| x.copy_from_slice(u);
        let spread = distributed::nested(world, 3, loglike, cube, &settings, continue_)?;
        let alone = sample::nested(3, loglike, cube, &settings, continue_)?;
        let within = spread.log_z.abs() < 4.0 * spread.log_z_err;
        ok &= same(&spread, &alone) && within;
        if rank == 0 {
            println!(
                "seed {seed}: ln Z = {:.4} +- {:.4} (exact 0){}",
                spread.log_z,
                spread.log_z_err,
                if within { "" } else { "  OUTSIDE 4 error bars" }
            );
        }
    }
    if rank == 0 {
        if ok {
            println!("check: {size} rank(s) give the one-process runs bit for bit");
        } else {
            eprintln!("check FAILED: the distributed runs differ from one process");
        }
    }
    Ok(ok)
}

fn main() -> ExitCode {
    distributed::launch(body)
}
