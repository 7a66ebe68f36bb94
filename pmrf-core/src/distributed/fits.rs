//! Many-device fits across MPI ranks: [`fit_files`] splits the files by [`block`], each rank
//! fits its block with [`many::fit_files`] (on all of its cores), and rank 0 gathers the rows
//! in input order. The rows travel as CSV text ([`many::to_csv`]), which keeps every `f64`
//! exactly, so no serde is needed.
//!
//! ```no_run
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesC;
//! use pmrf::distributed;
//! use pmrf::fit::{Fit, Objective, Term, many};
//!
//! // Run with `mpirun -np 4 ./program a.s2p b.s2p ...`.
//! let universe = distributed::mpi::initialize().expect("MPI initialises once");
//! let world = universe.world();
//! let paths: Vec<String> = std::env::args().skip(1).collect();
//! let start = SeriesC::new(1e-12);
//! let rows = distributed::fit_files::<_, _, _, 2>(&world, &paths, |data| {
//!     Fit::new(&start, Objective::new().term(Term::new(data.clone())))
//! })?;
//! if distributed::mpi::traits::Communicator::rank(&world) == 0 {
//!     print!("{}", many::to_csv(&rows)); // every file, in order
//! }
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::path::Path;

use mpi::traits::{Communicator, Destination, Source};

use super::block;
use crate::Result;
use crate::diff::Differentiable;
use crate::fit::Fit;
use crate::fit::many::{self, DeviceFit};
use crate::network::Network;
use crate::params::Model;

/// The fits `fit` makes from every file of `paths` ([`many::fit_files`]), the files split over
/// the ranks of `comm` by [`block`]. Rank 0 returns the rows of all files in the order of
/// `paths`; every other rank returns the rows of its own block. A file that cannot be read or
/// fitted is a row with its error, on every rank alike, not a fault.
///
/// Collective: every rank of `comm` must call it with the same `paths`.
///
/// # Errors
/// On rank 0 only, [`Error::Fit`](crate::Error::Fit) if a rank's rows do not read back
/// (which would be a bug); rank 0 still receives from every rank first, so none is left
/// blocked.
pub fn fit_files<'a, C, M, P, const N: usize>(
    comm: &C,
    paths: &[P],
    fit: impl Fn(&Network) -> Result<Fit<'a, M>> + Sync,
) -> Result<Vec<DeviceFit>>
where
    C: Communicator,
    M: Model<Scalar = f64> + Differentiable<N> + Send + Sync,
    P: AsRef<Path> + Sync,
{
    let (rank, size) = (comm.rank() as usize, comm.size() as usize);
    let mine = block(paths.len() as u64, rank, size);
    let rows = many::fit_files::<M, P, N>(&paths[mine.start as usize..mine.end as usize], fit);
    if rank != 0 {
        comm.process_at_rank(0).send(many::to_csv(&rows).as_bytes());
        return Ok(rows);
    }
    // Receive every rank's text before reading any, so no sender waits on an error here.
    let texts: Vec<Vec<u8>> = (1..comm.size())
        .map(|r| comm.process_at_rank(r).receive_vec::<u8>().0)
        .collect();
    let mut all = rows;
    for text in texts {
        all.extend(many::from_csv(&String::from_utf8_lossy(&text))?);
    }
    Ok(all)
}
