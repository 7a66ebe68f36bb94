//! The runtime of pmrf. Use it through the `pmrf` facade crate.
//!
//! The modules follow the pipeline, each using only those before it:
//!
//! 1. the numbers: [`Scalar`] (`f64` and the dual numbers the same model code runs on),
//!    [`cmath`] (complex functions over any scalar), [`special`] (Bessel functions and the
//!    skin effect), [`constants`];
//! 2. [`params`]: the parameter tree a `#[derive(Model)]` generates, and the run-time table
//!    ([`Params`]) of values, bounds, priors, fixes and ties built from it;
//! 3. [`network`]: the [`Component`] trait (one primary domain per part), the conversions to
//!    S / ABCD / Z / Y over a [`Frequency`], reference impedances, and [`Network`], the data
//!    that evaluations, files, fits and plots share;
//! 4. [`components`]: the catalogue (lumped, ideal, sections, lines, materials) and the
//!    composites (cascades, connections, terminations, arms, port orders, circuits);
//! 5. [`diff`] (exact derivatives through dual numbers) and [`batch`] (variants evaluated on
//!    every core);
//! 6. [`io`]: Touchstone files and directories of them;
//! 7. [`optim`]: bounded optimisers on plain vectors (Levenberg-Marquardt, L-BFGS-B,
//!    Nelder-Mead), knowing nothing of models;
//! 8. [`fit`] (features, losses, goals and objectives, fitted by the optimisers) and
//!    [`infer`] (likelihoods, posteriors, MAP, NUTS and nested sampling);
//! 9. `plot` (feature `plot`): pictures of networks, batches, fits and posteriors;
//! 10. `distributed` (feature `mpi`): Monte Carlo yield, nested sampling, NUTS and many-device
//!     fits across MPI ranks.

#![warn(missing_docs)]

// Lets `#[derive(Model)]`, which names `::pmrf::...`, work inside this crate too.
extern crate self as pmrf;

pub mod batch;
pub mod cmath;
pub mod components;
pub mod constants;
pub mod diff;
#[cfg(feature = "mpi")]
pub mod distributed;
mod error;
pub mod fit;
pub mod frequency;
pub mod infer;
pub mod io;
pub mod network;
pub mod optim;
pub mod params;
#[cfg(feature = "plot")]
pub mod plot;
mod scalar;
pub mod special;
mod stats;
mod units;

pub use error::{Error, Result};
pub use frequency::{Frequency, FrequencyUnit};
pub use network::{Component, Domain, Network};
pub use params::{Model, Params};
pub use pmrf_macros::{Circuit, Model};
pub use scalar::{DualN, Scalar};

pub use ndarray;
pub use num_complex::{self, Complex};
pub use num_dual::{self, Dual64, DualNum, DualStruct};

/// Everything a model author needs, in one import: the traits, types and functions of writing,
/// evaluating and differentiating a model, the derives `Model` and `Circuit`, and
/// [`Cascade`](crate::components::Cascade), the composition operator. Catalogue parts (`SeriesR`, `ShuntC`, lines, ...) are imported from
/// [`components`] by name.
pub mod prelude {
    pub use crate::batch::Batch;
    pub use crate::cmath::ComplexExt;
    pub use crate::components::Cascade;
    pub use crate::diff::{Grad, gradient, group_delay, jacobian, value_and_gradient};
    pub use crate::network::{Component, Interpolation, Mat, Network, TwoPort, WaveDef, domain};
    pub use crate::params::{Filter, Params, Prior, TieMap};
    // `x.re()`: the value part of any scalar as `f64`; `DualNum`: `sqrt`, `ln`, `log10` ... on
    // concrete dual numbers.
    pub use crate::{
        Circuit, Complex, Dual64, DualNum, DualStruct, Error, Frequency, FrequencyUnit, Model,
        Scalar,
    };
}

#[doc(hidden)]
pub mod __private;
