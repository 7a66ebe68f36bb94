//! Bayesian inference: samplers that turn a log density (or a likelihood and a prior) into
//! posterior draws and evidences.
//!
//! [`sample`] holds the samplers themselves, on plain `f64` vectors and independent of the model
//! layer: [`sample::nuts`] (the No-U-Turn sampler with adaptation, on an unconstrained space, with
//! exact gradients) and [`sample::nested`] (nested sampling with slice sampling inside the
//! likelihood constraint, on the unit hypercube, for posteriors and the evidence), with the
//! convergence [`sample::diagnostics`] and weighted [`sample::Summary`] statistics.

pub mod sample;
