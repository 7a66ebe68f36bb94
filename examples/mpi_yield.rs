//! Monte Carlo yield of a 5-stage Butterworth low-pass (1 GHz, 50 ohm; every L and C normal
//! with a 3 % standard deviation) against pass-band and stop-band specs, across MPI ranks, at
//! 201 points from 0.1 to 3 GHz. Rank 0 prints progress and the result.
//!
//! Needs OpenMPI (`apt-get install libopenmpi-dev openmpi-bin libclang-dev`). Run with
//! `cargo build --release --example mpi_yield --features mpi`, then
//! `mpirun -np 2 target/release/examples/mpi_yield -- [N] [--chunk C] [--check]
//! [--fail-on-rank R]` (add `--allow-run-as-root --oversubscribe` as root or with more ranks
//! than cores). Defaults: N = 1000000, C = 4096.
//!
//! `--check` also runs the same yield in one process (rayon) on rank 0 and exits non-zero
//! unless the counts are equal, the moments agree to 1e-12 and the per-frequency quantiles
//! (5 %, 50 %, 95 % of |S21| in dB, from mergeable sketches) are identical bit for bit. `--fail-on-rank R` makes
//! rank R fail after its first chunk: every rank must end with R's message and a non-zero exit.

use std::process::ExitCode;
use std::time::Instant;

use pmrf::batch::{Spec, YieldRun, YieldStats};
use pmrf::components::{SeriesL, ShuntC};
use pmrf::distributed::mpi::traits::Communicator;
use pmrf::distributed::{self, ChunkDone, Options};
use pmrf::fit::{Bound, Feature};
use pmrf::prelude::*;

struct Args {
    n: u64,
    chunk: usize,
    check: bool,
    fail_on_rank: Option<usize>,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        n: 1_000_000,
        chunk: 4096,
        check: false,
        fail_on_rank: None,
    };
    let number = |flag: &str, v: Option<String>| -> Result<u64, Error> {
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
            "--chunk" => args.chunk = number("--chunk", it.next())? as usize,
            "--fail-on-rank" => {
                args.fail_on_rank = Some(number("--fail-on-rank", it.next())? as usize)
            }
            _ => args.n = number("N", Some(a))?,
        }
    }
    Ok(args)
}

/// The quantiles kept of every feature.
const QUANTILES: [f64; 3] = [0.05, 0.5, 0.95];

/// The filter, its tolerances, and the specs.
fn yield_run(features: &[Feature]) -> Result<YieldRun<impl Component<2, Scalar = f64>>, Error> {
    let (fc, r0) = (1e9, 50.0);
    let w = 2.0 * std::f64::consts::PI * fc;
    let g = [0.618, 1.618, 2.0, 1.618, 0.618];
    let filter = Cascade::new((
        ShuntC::new(g[0] / (w * r0)),
        SeriesL::new(g[1] * r0 / w),
        ShuntC::new(g[2] / (w * r0)),
        SeriesL::new(g[3] * r0 / w),
        ShuntC::new(g[4] / (w * r0)),
    ));
    let mut params = filter.params()?;
    let nominal = params.values();
    let names: Vec<String> = params.names().iter().map(|s| s.to_string()).collect();
    for (name, v) in names.iter().zip(nominal) {
        params.set_prior(name, Prior::normal(v, 0.03 * v)?)?;
    }
    let freq = Frequency::linspace(0.1, 3.0, 201, FrequencyUnit::GHz)?;
    let mut run = YieldRun::new(&params, &Filter::Free, &freq, 2026)?
        .spec(Spec::new(features[0], Bound::Above(-0.5), 0.1e9..=0.7e9)?)?
        .spec(Spec::new(features[1], Bound::Below(-14.0), 0.1e9..=0.7e9)?)?
        .spec(Spec::new(features[0], Bound::Below(-24.0), 1.8e9..=3e9)?)?
        .record_failures(true);
    for f in features {
        run = run.statistics(*f)?;
    }
    run = run.quantiles(features[0])?;
    Ok(run)
}

/// Whether the distributed statistics equal the one-process ones (counts and quantiles exactly,
/// moments to 1e-12 relative).
fn agree(a: &YieldStats, b: &YieldStats, features: &[Feature]) -> Result<(), String> {
    if (a.members(), a.passed()) != (b.members(), b.passed()) {
        return Err(format!(
            "members/passed {}/{} vs {}/{}",
            a.members(),
            a.passed(),
            b.members(),
            b.passed()
        ));
    }
    if a.failures() != b.failures() {
        return Err("the failing members differ".into());
    }
    for q in QUANTILES {
        let f = &features[0];
        let (x, y) = (a.quantile(f, q), b.quantile(f, q));
        if x.is_err() || x.as_ref().ok() != y.as_ref().ok() {
            return Err(format!("the {q} quantiles of {f} differ: {x:?} vs {y:?}"));
        }
    }
    for f in features {
        let pairs = [
            (
                a.mean(f).unwrap_or(&[]).to_vec(),
                b.mean(f).unwrap_or(&[]).to_vec(),
            ),
            (a.std(f).unwrap_or_default(), b.std(f).unwrap_or_default()),
        ];
        for (x, y) in pairs {
            for (k, (x, y)) in x.iter().zip(&y).enumerate() {
                if (x - y).abs() > 1e-12 * x.abs().max(1.0) {
                    return Err(format!("{f} at point {k}: {x} vs {y}"));
                }
            }
        }
    }
    Ok(())
}

fn body(world: &impl Communicator) -> Result<bool, Error> {
    let args = parse_args()?;
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let features: Vec<Feature> = vec!["s21_db".parse()?, "s11_db".parse()?];
    let run = yield_run(&features)?;
    let options = Options {
        chunk: args.chunk,
        gather_failures: true,
    };
    if rank == 0 {
        println!(
            "{} members of a 5-stage low-pass at 201 points on {size} rank(s), chunks of {}",
            args.n, args.chunk
        );
    }
    let start = Instant::now();
    let mut next_report = 0.1;
    let stats = distributed::run_yield(world, &run, args.n, &options, |done: &ChunkDone| {
        if args.fail_on_rank == Some(done.rank) {
            return Err(Error::NonFiniteResult(format!(
                "member {} evaluated to NaN (forced by --fail-on-rank {})",
                done.chunk.start, done.rank
            )));
        }
        let fraction = done.done as f64 / done.block.max(1) as f64;
        if done.rank == 0 && fraction >= next_report {
            println!("  rank 0: {:.0} % of its block", 100.0 * fraction);
            next_report += 0.1;
        }
        Ok(())
    })?;
    let secs = start.elapsed().as_secs_f64();
    if rank != 0 {
        return Ok(true);
    }
    let (lo, hi) = stats.wilson(1.96);
    let s21 = stats.mean(&features[0]).unwrap_or(&[]);
    println!(
        "yield {:.5} (95 % Wilson {lo:.5} to {hi:.5}), {} of {} passed, {} failures on rank 0",
        stats.yield_fraction(),
        stats.passed(),
        stats.members(),
        stats.failures().map_or(0, |f| f.len()),
    );
    // The grid point nearest the 1 GHz cut-off (-3 dB nominal).
    let hz = run.frequency().hz();
    let at = (0..hz.len()).min_by(|&a, &b| (hz[a] - 1e9).abs().total_cmp(&(hz[b] - 1e9).abs()));
    println!(
        "mean |S21| at {:.3} GHz: {:.4} dB; wall time {secs:.2} s",
        at.map_or(f64::NAN, |k| hz[k] / 1e9),
        at.and_then(|k| s21.get(k)).copied().unwrap_or(f64::NAN)
    );
    if let Some(k) = at {
        let q: Vec<String> = (QUANTILES.iter())
            .map(|&q| {
                Ok(format!(
                    "{:.0} % {:.4}",
                    100.0 * q,
                    stats.quantile(&features[0], q)?[k]
                ))
            })
            .collect::<Result<_, Error>>()?;
        println!("|S21| quantiles there (dB): {}", q.join(", "));
    }
    if args.check {
        let one = run.run(args.n, args.chunk)?;
        match agree(&stats, &one, &features) {
            Ok(()) => println!("check: {size} rank(s) agree with one process"),
            Err(why) => {
                eprintln!("check FAILED: {why}");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn main() -> ExitCode {
    distributed::launch(body)
}
