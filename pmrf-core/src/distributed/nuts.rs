//! The No-U-Turn sampler across MPI ranks (features `mpi` and `nuts`): rank `r` runs the
//! chains of [`block`]`(chains, r, size)` on all of its cores, and the chains' draws and
//! statistics are gathered, in chain order, into one [`NutsOutput`] on every rank, with R-hat
//! and ESS across all chains. Chain `c` depends on the seed and `c` alone, so the output is
//! the one-process [`sample::nuts`](crate::infer::sample::nuts) output, draw for draw (only
//! `elapsed` differs); ranks without a chain (more ranks than chains) just wait.
//!
//! The chains travel as flat `f64` words (counts and flags as whole numbers), so every value
//! arrives exactly.
//!
//! Faults: once a rank's chains are done (or one of them failed, which stops the rank's other
//! chains at once), the ranks agree ([`all_ok`]): an error or a cancellation on any rank ends
//! every rank with [`Error::Distributed`](crate::Error::Distributed) carrying the message of
//! the lowest failing rank. A rank learns of another's fault only when its own chains end.
//!
//! ```no_run
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesC;
//! use pmrf::distributed;
//! use pmrf::fit::{Objective, Term};
//! use pmrf::infer::{Likelihood, Noise, Posterior};
//! use pmrf::infer::sample::NutsSettings;
//!
//! // Run with `mpirun -np 4 ./program`: one chain per rank.
//! let universe = distributed::mpi::initialize().expect("MPI initialises once");
//! let world = universe.world();
//! let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
//! let data = SeriesC::new(2.2e-12).network(&freq)?;
//! let mut params = SeriesC::new(2e-12).params()?;
//! params.set_bounds("c", 1e-12, 4e-12)?;
//! let likelihood = Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e-3));
//! let posterior = Posterior::new(&params, likelihood)?;
//! let settings = NutsSettings { chains: 4, ..Default::default() };
//! let samples = distributed::posterior_nuts::<_, _, 2>(&world, &posterior, &settings)?;
//! println!("C = {:.4e}, R-hat {:?}", samples.summary()?.mean[0], samples.rhat()); // on every rank
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::ops::ControlFlow;
use std::time::Instant;

use mpi::traits::{Communicator, Destination, Root, Source};

use super::{all_ok, block};
use crate::diff::Differentiable;
use crate::infer::sample::{ChainOut, NutsOutput, NutsProgress, NutsSettings, collect, run_chains};
use crate::infer::{Posterior, Samples};
use crate::params::Model;
use crate::{Error, Result};

/// Samples `exp(logp)` on `R^dim` with NUTS like [`sample::nuts`](crate::infer::sample::nuts),
/// the chains split over the ranks of `comm` by [`block`]; every rank returns the output of
/// all chains, equal to the one-process run's except for `elapsed` (this rank's wall time,
/// gathering included). `progress` runs on each rank for that rank's chains (global chain
/// indices); returning `ControlFlow::Break(())` cancels the run on every rank.
///
/// Collective: every rank of `comm` must call it with the same `dim`, density and settings.
///
/// # Errors
/// [`Error::TooLarge`] if the gathered words would not fit one MPI message (2^31 - 1 words);
/// [`Error::Distributed`], on every rank, with the message of the lowest rank that failed:
/// invalid settings (every rank fails alike, so the message is rank 0's), an error of the log
/// density, a cancellation, the other errors of
/// [`sample::nuts`](crate::infer::sample::nuts).
pub fn nuts<C, F, P>(
    comm: &C,
    dim: usize,
    logp: F,
    settings: &NutsSettings,
    progress: P,
) -> Result<NutsOutput>
where
    C: Communicator,
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
    P: FnMut(&NutsProgress) -> ControlFlow<()> + Send,
{
    let start = Instant::now();
    // ChainOut::word_len, checked: the settings are not validated yet.
    let words = (dim.checked_add(7))
        .and_then(|k| settings.draws.checked_mul(k))
        .and_then(|n| n.checked_add(2))
        .and_then(|n| n.checked_mul(settings.chains))
        .filter(|n| *n <= i32::MAX as usize);
    if words.is_none() {
        return Err(Error::TooLarge(format!(
            "{} chains of {} draws in {dim} dimensions do not fit one MPI message",
            settings.chains, settings.draws
        )));
    }
    let (rank, size) = (comm.rank() as usize, comm.size() as usize);
    let mine = block(settings.chains as u64, rank, size);
    let mine = mine.start as usize..mine.end as usize;
    let local = run_chains(dim, &logp, settings, mine, progress);
    let chains = all_ok(comm, local)?;
    let mut words = Vec::new();
    for chain in &chains {
        chain.to_words(&mut words);
    }
    let words = gather_to_all(comm, words);
    // Every rank reads the same words, so every rank fails alike if they do not read back.
    let chains = ChainOut::read_words(&words, settings.draws, dim)?;
    collect(chains, settings, dim, start.elapsed())
}

/// Samples `posterior` by NUTS across the ranks of `comm`: [`Posterior::nuts`] with the
/// chains run by [`nuts`]. Every rank returns the samples of all chains, equal to the
/// one-process [`Posterior::nuts`] samples (draws, R-hat and ESS) except for the run's
/// elapsed time.
///
/// Collective: every rank of `comm` must call it with the same posterior and settings.
///
/// # Errors
/// Those of [`nuts`], and of [`Posterior::nuts`] before the run (on every rank alike).
pub fn posterior_nuts<C, M, const N: usize>(
    comm: &C,
    posterior: &Posterior<M>,
    settings: &NutsSettings,
) -> Result<Samples<M>>
where
    C: Communicator,
    M: Model<Scalar = f64> + Differentiable<N>,
{
    let out = nuts(
        comm,
        posterior.dim(),
        |z, g| posterior.log_density::<N>(z, g),
        &posterior.nuts_settings(settings)?,
        |_| ControlFlow::Continue(()),
    )?;
    posterior.nuts_samples(&out)
}

/// Every rank's words, concatenated in rank order on rank 0 and broadcast to every rank.
fn gather_to_all<C: Communicator>(comm: &C, mut words: Vec<f64>) -> Vec<f64> {
    let root = comm.process_at_rank(0);
    if comm.rank() == 0 {
        for r in 1..comm.size() {
            words.extend(comm.process_at_rank(r).receive_vec::<f64>().0);
        }
    } else {
        root.send(&words[..]);
    }
    let mut len = words.len() as u64;
    root.broadcast_into(&mut len);
    words.resize(len as usize, 0.0);
    root.broadcast_into(&mut words[..]);
    words
}
