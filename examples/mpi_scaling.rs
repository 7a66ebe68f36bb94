//! The scaling model of `pmrf::distributed` (see its "Scaling" section), fed with numbers
//! measured where it runs: the latency of the collectives the runs use, the time of a point
//! to point message, and the spread of the cost of nested sampling's replacement walks; it
//! prints the predicted parallel efficiency of a yield run and of nested sampling at 64 and
//! 1024 ranks.
//!
//! Run on at least 2 ranks, on the machines (and interconnect) you mean to use:
//! `cargo build --release --example mpi_scaling --features mpi`, then
//! `mpirun -np 2 target/release/examples/mpi_scaling -- [--member-us T] [--call-ms T]`:
//! `--member-us` is the time of one yield member on one thread (default 7.4, the 5-stage
//! filter of `mpi_yield` at 201 points here), `--call-ms` that of one likelihood call
//! (default 1).

use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::Instant;

use pmrf::distributed::mpi::collective::SystemOperation;
use pmrf::distributed::mpi::traits::{Communicator, CommunicatorCollectives, Destination, Source};
use pmrf::distributed::{self, block};
use pmrf::infer::sample::{NestedSettings, nested};
use pmrf::prelude::*;

/// Seconds per call of `f`, over `n` calls after a warm-up, the slowest rank's.
fn time_per_call(world: &impl Communicator, n: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..n / 10 {
        f();
    }
    world.barrier();
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    let mine = start.elapsed().as_secs_f64() / n as f64;
    let mut slowest = 0.0;
    world.all_reduce_into(&mine, &mut slowest, SystemOperation::max());
    slowest
}

/// The interconnect: latency of one all-reduce of a number (the fault checks), of an
/// all-gather of `words` numbers in total (a nested-sampling batch), and the time of a
/// point-to-point message of `words` numbers with its bandwidth.
struct Network {
    all_reduce: f64,
    all_gather: f64,
    p2p_latency: f64,
    bandwidth: f64,
}

fn measure(world: &impl Communicator, gather_words: usize) -> Network {
    let size = world.size() as usize;
    let all_reduce = time_per_call(world, 20_000, || {
        let mut out = 0i32;
        world.all_reduce_into(&1i32, &mut out, SystemOperation::min());
    });
    let share = block(gather_words as u64, 0, size);
    let local = vec![0.5; (share.end - share.start) as usize];
    let mut all = vec![0.0; local.len() * size];
    let all_gather = time_per_call(world, 20_000, || {
        world.all_gather_into(&local[..], &mut all[..])
    });
    // Ping-pong between ranks 0 and 1: half a round trip, for 1 and for 100 000 numbers.
    let ping = |words: usize, reps: usize| {
        let buf = vec![1.0f64; words];
        time_per_call(world, reps, || match world.rank() {
            0 => {
                world.process_at_rank(1).send(&buf[..]);
                let _ = world.process_at_rank(1).receive_vec::<f64>();
            }
            1 => {
                let (v, _) = world.process_at_rank(0).receive_vec::<f64>();
                world.process_at_rank(0).send(&v[..]);
            }
            _ => {}
        }) / 2.0
    };
    let p2p_latency = ping(1, 20_000);
    let big = ping(100_000, 200);
    Network {
        all_reduce,
        all_gather,
        p2p_latency,
        bandwidth: 8.0 * 100_000.0 / (big - p2p_latency).max(1e-12),
    }
}

/// The coefficient of variation of the likelihood calls of one replacement walk, from a
/// one-process run with one replacement per iteration (the progress reports count calls).
fn walk_spread(dim: usize) -> Result<(f64, f64), Error> {
    let loglike = |x: &[f64]| {
        let r2: f64 = x.iter().map(|v| (v - 0.5) * (v - 0.5)).sum();
        Ok(-0.5 * r2 / 0.01)
    };
    let settings = NestedSettings {
        n_live: Some(100),
        batch: 1,
        seed: 11,
        ..Default::default()
    };
    let mut calls = Vec::new();
    let mut last = 100;
    nested(
        dim,
        loglike,
        |u, x| x.copy_from_slice(u),
        &settings,
        |p| {
            calls.push((p.n_calls - last) as f64);
            last = p.n_calls;
            ControlFlow::Continue(())
        },
    )?;
    let n = calls.len() as f64;
    let mean = calls.iter().sum::<f64>() / n;
    let var = calls.iter().map(|c| (c - mean) * (c - mean)).sum::<f64>() / (n - 1.0);
    Ok((mean, var.sqrt() / mean))
}

/// Predicted efficiency of a yield run of `n` members on `p` ranks (chunks of 4096, one
/// thread per rank, a statistics message of `words` numbers).
fn yield_efficiency(net: &Network, p: f64, n: f64, member: f64, words: f64) -> f64 {
    let compute = n / p * member;
    let rounds = (n / p / 4096.0).ceil();
    let checks = rounds * net.all_reduce * p.log2().max(1.0);
    // Rank 0 receives every rank's statistics in turn, then broadcasts the merged ones.
    let message = net.p2p_latency + 8.0 * words / net.bandwidth;
    let reduce = (p - 1.0) * message + p.log2() * message;
    compute / (compute + checks + reduce)
}

/// Predicted efficiency of nested sampling on `p` ranks with `k` replacements per rank per
/// iteration: the slowest rank's `k` walks (normal walk costs of coefficient of variation
/// `cv`: the expected maximum of `p` is about `sqrt(2 ln p)` deviations above the mean) and
/// the iteration's messages (an all-gather of `k p` points of `record` bytes and two
/// all-reduces, latencies tree-like in `log2 p`).
fn nested_efficiency(net: &Network, p: f64, k: f64, walk: f64, cv: f64, record: f64) -> f64 {
    let mean = k * walk;
    let slowest = mean * (1.0 + cv / k.sqrt() * (2.0 * p.ln()).sqrt());
    let latency = (net.all_gather + 2.0 * net.all_reduce) * p.log2().max(1.0);
    mean / (slowest + latency + k * p * record / net.bandwidth)
}

fn body(world: &impl Communicator) -> Result<(), Error> {
    let (mut member_us, mut call_ms) = (7.4, 1.0);
    let mut it = std::env::args().skip(1).filter(|a| a != "--");
    while let Some(a) = it.next() {
        let v: Option<f64> = it.next().and_then(|v| v.parse().ok());
        match (a.as_str(), v) {
            ("--member-us", Some(v)) => member_us = v,
            ("--call-ms", Some(v)) => call_ms = v,
            _ => {
                return Err(Error::Shape(format!(
                    "unknown or incomplete argument `{a}`"
                )));
            }
        }
    }
    if world.size() < 2 {
        return Err(Error::Shape("run on at least 2 ranks".into()));
    }
    let (dim, batch) = (4, 16);
    let net = measure(world, batch * (2 * dim + 2));
    let (calls, cv) = walk_spread(dim)?;
    distributed::all_ok(world, Ok(()))?;
    if world.rank() != 0 {
        return Ok(());
    }
    println!("measured on {} ranks here:", world.size());
    println!(
        "  all-reduce of one number {:.2} us, all-gather of {} numbers {:.2} us",
        net.all_reduce * 1e6,
        batch * (2 * dim + 2),
        net.all_gather * 1e6
    );
    println!(
        "  point to point: latency {:.2} us, bandwidth {:.2} GB/s",
        net.p2p_latency * 1e6,
        net.bandwidth / 1e9
    );
    println!(
        "  nested sampling in {dim} dimensions: {calls:.1} calls per replacement walk, \
         coefficient of variation {cv:.3}"
    );
    let member = member_us * 1e-6;
    let walk = calls * call_ms * 1e-3;
    // The statistics of mpi_yield: counts and 2 features of mean and m2 at 201 points.
    let words = 2.0 + 2.0 * (1.0 + 2.0 * 201.0);
    println!("\npredicted parallel efficiency (one thread per rank):");
    let record = 8.0 * (2.0 * dim as f64 + 2.0);
    println!("  ranks  yield 1e8  yield 1e10  nested k=1  nested k=4  nested k=16");
    for p in [2.0, 64.0, 1024.0] {
        println!(
            "  {p:>5}  {:>9.3}  {:>10.3}  {:>10.3}  {:>10.3}  {:>11.3}",
            yield_efficiency(&net, p, 1e8, member, words),
            yield_efficiency(&net, p, 1e10, member, words),
            nested_efficiency(&net, p, 1.0, walk, cv, record),
            nested_efficiency(&net, p, 4.0, walk, cv, record),
            nested_efficiency(&net, p, 16.0, walk, cv, record),
        );
    }
    println!(
        "(yield: {member_us} us per member; nested: {call_ms} ms per likelihood call, k \
         replacements per rank per iteration: a batch of k times the ranks)"
    );
    Ok(())
}

fn main() -> ExitCode {
    distributed::launch(|world| body(world).map(|()| true))
}
