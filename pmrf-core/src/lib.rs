//! The runtime of pmrf. Use it through the `pmrf` facade crate.
//!
//! The modules follow the pipeline: [`params`] (the parameter tree a `#[derive(Model)]` generates
//! and the run-time table built from it) -> [`network`] (components, their primary domain and the
//! conversions to S / ABCD / Z / Y over a [`Frequency`]) -> [`components`] (built-in models) ->
//! [`diff`] (exact derivatives) and [`batch`] (parallel batches of model variants).

#![warn(missing_docs)]

// Lets `#[derive(Model)]`, which names `::pmrf::...`, work inside this crate too.
extern crate self as pmrf;

pub mod batch;
pub mod cmath;
pub mod components;
pub mod constants;
pub mod diff;
mod error;
pub mod fit;
pub mod frequency;
pub mod infer;
pub mod io;
pub mod network;
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
pub use pmrf_macros::Model;
pub use scalar::{DualN, Scalar};

pub use ndarray;
pub use num_complex::{self, Complex};
pub use num_dual::{self, Dual64, DualNum, DualStruct};

/// Everything a model author needs, in one import.
pub mod prelude {
    pub use crate::Model;
    pub use crate::batch::Batch;
    pub use crate::cmath::ComplexExt;
    pub use crate::components::{Cascade, SeriesC, SeriesL, SeriesR, ShuntC, ShuntL, ShuntR};
    pub use crate::diff::{gradient, group_delay, jacobian, value_and_gradient};
    pub use crate::network::{Component, Interpolation, Mat, Network, TwoPort, WaveDef, domain};
    pub use crate::params::{Filter, Params, Prior};
    // `x.re()`: the value part of any scalar as `f64`.
    // `x.re()`: the value part of any scalar as `f64`; `DualNum`: `sqrt`, `ln`, `log10` ... on
    // concrete dual numbers.
    pub use crate::{
        Complex, Dual64, DualNum, DualStruct, Error, Frequency, FrequencyUnit, Scalar,
    };
}

#[doc(hidden)]
pub mod __private;
