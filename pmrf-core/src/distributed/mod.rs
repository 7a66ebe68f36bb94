//! Runs across processes with MPI (feature `mpi`): the Monte Carlo yield of a
//! [`YieldRun`] over many ranks ([`run_yield`]), nested sampling with its likelihood calls
//! spread over the ranks ([`nested()`], [`posterior_nested`]), NUTS chains on every rank
//! (`nuts`, `posterior_nuts`, also with feature `nuts`), and one model fitted to many
//! measured devices ([`fit_files`]), on one machine or a cluster, through rsmpi and the
//! system's MPI (see [Install](#install) below).
//!
//! In a yield run every rank owns a contiguous block of member indices and draws exactly the
//! members a single process draws for the same seed (member `i` comes from `(seed, i)`
//! alone), evaluates them chunk by chunk in the memory of one chunk, and the counts and
//! moments are merged exactly (Chan's update), so the answer equals the one-process
//! [`YieldRun::run`] up to rounding; the quantile sketches ([`YieldRun::quantiles`]) merge by
//! adding counts, so quantiles are equal bit for bit.
//!
//! Faults: after every chunk the ranks agree ([`all_ok`]) whether any failed; if one did, the
//! lowest failing rank broadcasts its error's message and every rank returns
//! [`Error::Distributed`] with it, so no rank waits for one that has stopped.
//!
//! ```no_run
//! use pmrf::prelude::*;
//! use pmrf::batch::{Spec, YieldRun};
//! use pmrf::components::SeriesR;
//! use pmrf::distributed::{self, Options};
//! use pmrf::fit::Bound;
//!
//! // Run with `mpirun -np 4 ./program`.
//! let universe = pmrf::distributed::mpi::initialize().expect("MPI initialises once");
//! let world = universe.world();
//! let mut params = SeriesR::new(10.0).params()?;
//! params.set_prior("r", Prior::uniform(0.0, 100.0)?)?;
//! let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
//! let run = YieldRun::new(&params, &Filter::Free, &freq, 7)?
//!     .spec(Spec::new("s21_db".parse()?, Bound::Above(-3.52), 1e9..=2e9)?)?;
//! let stats = distributed::run_yield(&world, &run, 1_000_000, &Options::default(), |_| Ok(()))?;
//! println!("yield {:.4}", stats.yield_fraction()); // the same on every rank
//! # Ok::<(), pmrf::Error>(())
//! ```
//!
#![doc = include_str!("running.md")]

use std::ops::Range;
use std::process::ExitCode;

pub use mpi;

mod fits;
mod nested;
#[cfg(feature = "nuts")]
mod nuts;
pub use fits::fit_files;
pub use nested::{nested, posterior_nested};
#[cfg(feature = "nuts")]
pub use nuts::{nuts, posterior_nuts};

use mpi::collective::SystemOperation;
use mpi::topology::SimpleCommunicator;
use mpi::traits::{Communicator, CommunicatorCollectives, Destination, Root, Source};

use crate::batch::{YieldRun, YieldStats, chunks};
use crate::network::Component;
use crate::params::Model;
use crate::{Error, Result};

/// The `main` of an MPI program: initialises MPI, runs `body` on the world communicator,
/// prints an error to stderr prefixed with the rank, finalises MPI on every rank (so `mpirun`
/// sees a clean end), and returns the exit code: success for `Ok(true)`, failure for
/// `Ok(false)` (a check that did not pass) or an error.
///
/// ```no_run
/// use std::process::ExitCode;
/// use pmrf::distributed::{self, mpi::traits::Communicator};
///
/// fn main() -> ExitCode {
///     distributed::launch(|world| {
///         println!("rank {} of {}", world.rank(), world.size());
///         Ok(true)
///     })
/// }
/// ```
pub fn launch(body: impl FnOnce(&SimpleCommunicator) -> Result<bool>) -> ExitCode {
    let Some(universe) = mpi::initialize() else {
        eprintln!("MPI was already initialised");
        return ExitCode::FAILURE;
    };
    let world = universe.world();
    let code = match body(&world) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("rank {}: {e}", world.rank());
            ExitCode::FAILURE
        }
    };
    drop(universe);
    code
}

/// How a distributed yield run goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Members evaluated (on every core of the rank) between two checks for faults; memory per
    /// rank is one chunk's feature values. Default 4096.
    pub chunk: usize,
    /// Sends the failing members' indices (with [`YieldRun::record_failures`]) to rank 0,
    /// which then holds all of them in ascending order; otherwise each rank keeps those of
    /// its own block. Default `false`.
    pub gather_failures: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            chunk: 4096,
            gather_failures: false,
        }
    }
}

/// What a rank has done when one of its chunks is finished (for progress, or to stop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkDone {
    /// This rank.
    pub rank: usize,
    /// The global indices of the chunk just evaluated.
    pub chunk: Range<u64>,
    /// Members of this rank's block evaluated so far.
    pub done: u64,
    /// Members in this rank's block.
    pub block: u64,
}

/// The members `start..end` that `rank` of `size` owns out of `n`: contiguous, sizes differing
/// by at most one.
pub fn block(n: u64, rank: usize, size: usize) -> Range<u64> {
    let at = |r: usize| (n as u128 * r as u128 / size.max(1) as u128) as u64;
    at(rank)..at(rank + 1)
}

/// The yield of `run` over members `0..n`, each rank evaluating its [`block`] chunk by chunk
/// (every core of the rank through rayon); every rank returns the merged statistics of all
/// members. `on_chunk` runs on each rank after each of its chunks (progress; an error from it
/// ends the run on every rank like any other).
///
/// Collective: every rank of `comm` must call it with the same run, `n` and options.
///
/// # Errors
/// [`Error::Shape`] for a chunk of 0 members; [`Error::Distributed`], on every rank, with the
/// message of the lowest rank that failed (a member that could not be drawn or evaluated, an
/// error of `on_chunk`).
pub fn run_yield<C, M, const N: usize>(
    comm: &C,
    run: &YieldRun<M>,
    n: u64,
    options: &Options,
    mut on_chunk: impl FnMut(&ChunkDone) -> Result<()>,
) -> Result<YieldStats>
where
    C: Communicator,
    M: Model<Scalar = f64> + Component<N>,
{
    let (rank, size) = (comm.rank() as usize, comm.size() as usize);
    let mine = block(n, rank, size);
    let widest = n.div_ceil(size as u64);
    let rounds = widest.div_ceil(options.chunk.max(1) as u64);
    let mut pieces = chunks(mine.clone(), options.chunk)?;
    let mut stats = run.empty_stats();
    let mut done = 0;
    // Every rank goes through the same number of rounds (and checks), evaluating nothing once
    // its block is done, so that the collective checks always match up.
    for _ in 0..rounds {
        let local = match pieces.next() {
            Some(chunk) => run.accumulate(chunk.clone(), &mut stats).and_then(|()| {
                done += chunk.end - chunk.start;
                on_chunk(&ChunkDone {
                    rank,
                    chunk,
                    done,
                    block: mine.end - mine.start,
                })
            }),
            None => Ok(()),
        };
        all_ok(comm, local)?;
    }
    reduce(comm, stats, options.gather_failures)
}

/// Merges every rank's statistics on rank 0 (in rank order, so member order) and hands the
/// result to every rank.
fn reduce<C: Communicator>(comm: &C, mut stats: YieldStats, gather: bool) -> Result<YieldStats> {
    let root = comm.process_at_rank(0);
    let mut failures = stats.take_failures();
    let mut words = stats.to_words();
    // Sketches are of variable length: a second message, only if the run keeps any.
    let sketched = stats.keeps_quantiles();
    let mut sketch = stats.sketch_words();
    let merged = if comm.rank() == 0 {
        let mut total = stats.clone();
        total.set_failures(failures.take());
        let mut result = Ok(());
        for r in 1..comm.size() {
            let (w, _) = comm.process_at_rank(r).receive_vec::<f64>();
            let sk = sketched.then(|| comm.process_at_rank(r).receive_vec::<u64>().0);
            let failed = gather.then(|| comm.process_at_rank(r).receive_vec::<u64>().0);
            // Keep receiving after an error, so no sender is left blocked.
            if result.is_ok() {
                result = stats.read_words(&w).and_then(|mut other| {
                    other.read_sketch_words(sk.as_deref().unwrap_or(&[]))?;
                    other.set_failures(failed);
                    total.merge(&other)
                });
            }
        }
        words = total.to_words();
        sketch = total.sketch_words();
        failures = total.take_failures();
        result
    } else {
        root.send(&words[..]);
        if sketched {
            root.send(&sketch[..]);
        }
        if gather {
            root.send(failures.as_deref().unwrap_or(&[]));
        }
        Ok(())
    };
    all_ok(comm, merged)?;
    root.broadcast_into(&mut words[..]);
    let mut total = stats.read_words(&words)?;
    if sketched {
        let mut len = sketch.len() as u64;
        root.broadcast_into(&mut len);
        sketch.resize(len as usize, 0);
        root.broadcast_into(&mut sketch[..]);
        total.read_sketch_words(&sketch)?;
    }
    total.set_failures(failures);
    Ok(total)
}

/// Makes the ranks agree on failure: collective over `comm`. If any rank's `local` is an
/// error, every rank returns [`Error::Distributed`] with the rank number and message of the
/// lowest failing rank; otherwise each returns its own `local`.
///
/// # Errors
/// [`Error::Distributed`] as above.
pub fn all_ok<C: Communicator, T>(comm: &C, local: Result<T>) -> Result<T> {
    let rank = comm.rank();
    let mine = if local.is_err() { rank } else { i32::MAX };
    let mut lowest = i32::MAX;
    comm.all_reduce_into(&mine, &mut lowest, SystemOperation::min());
    if lowest == i32::MAX {
        return local;
    }
    let mut message = match &local {
        Err(e) if rank == lowest => e.to_string().into_bytes(),
        _ => Vec::new(),
    };
    let failing = comm.process_at_rank(lowest);
    let mut len = message.len() as u64;
    failing.broadcast_into(&mut len);
    message.resize(len as usize, 0);
    failing.broadcast_into(&mut message[..]);
    Err(Error::Distributed {
        rank: lowest as usize,
        message: String::from_utf8_lossy(&message).into_owned(),
    })
}
