//! Bayesian inference: a model's [`Posterior`] (the priors of its free parameters times a
//! [`Likelihood`] of measured data, with the noise level fixed or inferred, and optionally a
//! Gaussian-process [`Discrepancy`] along frequency), sampled by NUTS or
//! nested sampling into [`Samples`]: a weighted table, a [`Batch`](crate::batch::Batch) of the
//! model, and the evidence. The samplers themselves are in [`sample`], on plain vectors.
//!
//! [`sample`] holds the samplers themselves, on plain `f64` vectors and independent of the model
//! layer: `sample::nuts` (feature `nuts`: the No-U-Turn sampler with step-size and diagonal,
//! low-rank or dense mass-matrix adaptation, on an unconstrained space, with exact gradients) and [`sample::nested`] (nested sampling with slice sampling inside the
//! likelihood constraint, on the unit hypercube, for posteriors and the evidence), with the
//! convergence [`sample::diagnostics`] and weighted [`sample::Summary`] statistics.

mod bijection;
mod gp;
mod likelihood;
mod posterior;
pub mod sample;
mod samples;

pub use bijection::Bijection;
pub use gp::{Discrepancy, Hyper, Kernel};
pub use likelihood::{Distribution, Likelihood, Noise};
pub use posterior::{Map, Posterior};
pub use samples::{Run, Samples};
