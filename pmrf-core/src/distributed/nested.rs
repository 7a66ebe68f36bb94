//! Nested sampling over MPI ranks: the replacement points of every iteration (and the initial
//! live points) are drawn on all ranks at once.

use std::ops::ControlFlow;

use mpi::datatype::PartitionMut;
use mpi::traits::{Communicator, CommunicatorCollectives};
use rayon::prelude::*;

use super::{all_ok, block};
use crate::infer::Posterior;
use crate::infer::Samples;
use crate::infer::sample::nested::{Workers, nested_on};
use crate::infer::sample::{NestedOutput, NestedProgress, NestedSettings};
use crate::network::Component;
use crate::params::Model;
use crate::{Error, Result};

/// Nested sampling ([`crate::infer::sample::nested`]) with its likelihood calls spread over the
/// ranks of `comm`; every rank returns the same output, and it is the output of the
/// one-process run with the same settings, bit for bit (but for `elapsed`), whatever the
/// number of ranks.
///
/// Every iteration replaces [`NestedSettings::batch`] points; rank `r` draws the replacements
/// of slots [`block`]`(batch, r, size)` (each from its own generator of seed, iteration and
/// slot, on every core of the rank), and one all-gather hands every rank all of them. Each
/// rank then keeps the whole run (the live and dead points), as PolyChord's coordinating rank
/// does: the bookkeeping is cheap and deterministic, so replicating it saves the broadcast of
/// the live set. Ranks beyond `batch` idle: use a batch of at least the rank count (a few
/// times it balances the uneven cost of the slice walks; each extra point per batch costs
/// about as much evidence accuracy as half a live point).
///
/// `progress` runs on every rank after every iteration; a `Break` on any rank ends the run on
/// all of them.
///
/// Collective: every rank of `comm` must call it with the same closures' behaviour and
/// settings.
///
/// # Errors
/// The errors of [`crate::infer::sample::nested`] for bad settings (on every rank, before
/// any message); [`Error::Distributed`] on every rank, with the message of the lowest rank
/// that failed (a likelihood error, NaN or `+inf`, or a cancellation by `progress`).
///
/// ```no_run
/// use std::ops::ControlFlow;
/// use pmrf::infer::sample::NestedSettings;
///
/// // Run with `mpirun -np 4 ./program`.
/// let universe = pmrf::distributed::mpi::initialize().expect("MPI initialises once");
/// let world = universe.world();
/// let loglike = |x: &[f64]| Ok(-0.5 * ((x[0] - 0.5) / 0.1).powi(2));
/// let settings = NestedSettings { n_live: Some(200), batch: 16, seed: 1, ..Default::default() };
/// let out = pmrf::distributed::nested(&world, 1, loglike, |u, x| x.copy_from_slice(u), &settings, |_| {
///     ControlFlow::Continue(())
/// })?;
/// println!("ln Z = {:.3} +- {:.3}", out.log_z, out.log_z_err); // the same on every rank
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn nested<C, L, T, P>(
    comm: &C,
    dim: usize,
    loglike: L,
    prior_transform: T,
    settings: &NestedSettings,
    progress: P,
) -> Result<NestedOutput>
where
    C: Communicator,
    L: Fn(&[f64]) -> Result<f64> + Sync,
    T: Fn(&[f64], &mut [f64]) + Sync,
    P: FnMut(&NestedProgress) -> ControlFlow<()>,
{
    nested_on(
        &Ranks(comm),
        dim,
        loglike,
        prior_transform,
        settings,
        progress,
    )
}

/// [`Posterior::nested`] with its likelihood calls spread over the ranks of `comm`, as
/// [`nested()`]: every rank returns the samples of the one-process run.
///
/// Collective: every rank of `comm` must call it with the same posterior and settings.
///
/// # Errors
/// As [`nested()`].
pub fn posterior_nested<C, M, const N: usize>(
    comm: &C,
    posterior: &Posterior<M>,
    settings: &NestedSettings,
) -> Result<Samples<M>>
where
    C: Communicator,
    M: Model<Scalar = f64> + Component<N> + Sync,
{
    posterior.nested_on::<_, N>(&Ranks(comm), settings)
}

/// The ranks of a communicator as the workers of a nested-sampling run.
struct Ranks<'a, C>(&'a C);

impl<C: Communicator> Workers for Ranks<'_, C> {
    fn map(
        &self,
        n: usize,
        width: usize,
        record: &(dyn Fn(usize) -> Result<Vec<f64>> + Sync),
    ) -> Result<Vec<f64>> {
        let (rank, size) = (self.0.rank() as usize, self.0.size() as usize);
        let slots = |r: usize| {
            let b = block(n as u64, r, size);
            b.start as usize..b.end as usize
        };
        let local: Result<Vec<Vec<f64>>> = slots(rank).into_par_iter().map(record).collect();
        let local = all_ok(self.0, local)?.concat();
        let counts: Vec<i32> = (0..size)
            .map(|r| i32::try_from(slots(r).len() * width))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::TooLarge(format!("{n} records of {width} numbers")))?;
        let displs: Vec<i32> = (counts.iter())
            .scan(0, |at, &c| {
                let start = *at;
                *at += c;
                Some(start)
            })
            .collect();
        let mut all = vec![0.0; n * width];
        let mut partition = PartitionMut::new(&mut all[..], counts, displs);
        self.0.all_gather_varcount_into(&local[..], &mut partition);
        Ok(all)
    }

    fn agree(&self, local: Result<()>) -> Result<()> {
        all_ok(self.0, local)
    }
}
