//! Samplers on plain `f64` vectors: the caller provides the density as closures, the samplers
//! return draws as arrays.
//!
//! - `nuts()` (feature `nuts`): the No-U-Turn sampler (Hoffman and Gelman 2014) with step-size and
//!   mass-matrix adaptation (diagonal, low-rank or dense: `MassMatrix`), through the `nuts-rs`
//!   crate (the sampler behind nutpie), several chains in parallel; for a log density with its
//!   gradient on an unconstrained space.
//! - [`nested()`]: nested sampling (Skilling 2006) with slice sampling inside the likelihood
//!   constraint (as PolyChord, Handley et al. 2015); for a likelihood over the unit hypercube
//!   (through a prior transform), giving weighted posterior samples and the log-evidence.
//! - [`diagnostics`]: rank-normalised split R-hat and bulk / tail effective sample sizes.
//! - [`Summary`]: mean, standard deviation and quantiles, weighted where the sampler weights.
//!
//! Every sampler is seeded and reproducible: the same settings and seed give the same draws
//! whatever the number of threads. Progress callbacks may stop a run, which then returns
//! [`Error::Cancelled`](crate::Error::Cancelled).

pub mod diagnostics;
pub(crate) mod nested;
#[cfg(feature = "nuts")]
mod nuts;
mod summary;

pub use diagnostics::Diagnostics;
pub use nested::{NestedOutput, NestedProgress, NestedSettings, nested};
#[cfg(all(feature = "nuts", feature = "mpi"))]
pub(crate) use nuts::{ChainOut, collect, run_chains};
#[cfg(feature = "nuts")]
pub use nuts::{
    DrawStart, Init, MassMatrix, NutsOutput, NutsProgress, NutsSettings, NutsStats, nuts,
};
pub use summary::Summary;

/// The random number generator the samplers use and hand to user closures (initial points):
/// xoshiro256++, portable and fast.
pub type SamplerRng = rand::rngs::Xoshiro256PlusPlus;

/// An independent generator for stream `stream` of a run seeded with `seed` (SplitMix64 of the
/// pair, so neighbouring seeds and streams give unrelated sequences).
pub(crate) fn stream_rng(seed: u64, stream: u64) -> SamplerRng {
    use rand::SeedableRng;
    let mut z = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(stream.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    SamplerRng::seed_from_u64(z ^ (z >> 31))
}
