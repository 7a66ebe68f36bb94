//! # pmrf: parametric, differentiable RF and microwave circuit models
//!
//! Declare a component as a plain struct generic over its scalar, derive [`Model`], implement one
//! primary domain, and get S / Z / Y / ABCD over frequency, parameter names and metadata,
//! functional updates, exact gradients through dual numbers, and parallel batches.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::network::domain;
//!
//! /// A capacitor in series between port 1 and port 2.
//! #[derive(Model, Clone, Debug)]
//! pub struct SeriesCapacitor<T: Scalar = f64> {
//!     #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6))]
//!     pub c: T,
//! }
//!
//! impl<T: Scalar> Component<2> for SeriesCapacitor<T> {
//!     type Domain = domain::Y;
//!     fn primary(&self, f: T) -> Mat<T, 2> {
//!         let y = Complex::new(T::zero(), self.c * f * std::f64::consts::TAU); // jwC
//!         [[y, -y], [-y, y]]
//!     }
//! }
//!
//! let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
//! let cap = SeriesCapacitor { c: 1e-12 };
//! let s = cap.s(&freq);                                   // (100, 2, 2)
//! assert_eq!(cap.param_names(), ["c"]);
//! let bigger = cap.with_params(&[2e-12])?;                // functional update, checked
//! let grad = gradient(&cap, &Filter::Free, |m| m.s_at(Grad::from(1e9))[1][0].norm_sqr())?;
//! assert!(grad[0] > 0.0);                                 // more C, more transmission
//! # let _ = (s, bigger);
//! # Ok::<(), pmrf::Error>(())
//! ```
//!
//! # Guide
//!
//! The user guide, [`guide`], teaches the library chapter by chapter, for an RF engineer new to
//! Rust and for a ParamRF user: [install](guide::install), [a first model](guide::first_model),
//! [parameters, priors and tables](guide::parameters), [composition and
//! circuits](guide::composition), [measured data](guide::measured_data),
//! [fitting](guide::fitting), and on to inference, batches, noise, speed and a map from
//! ParamRF. Every code block in it is compiled and run by `cargo test`; read it with its
//! pictures under `guide/` in the repository.
//!
//! The crate in one line per module: parameters and their tables in [`params`], networks and
//! the [`Component`] trait in [`network`], the catalogue and composites in [`components`],
//! exact derivatives in [`diff`], parallel batches in [`batch`], Touchstone files in [`io`],
//! fits in [`fit`], Bayesian inference in [`infer`], and plots in `plot` (feature `plot`).
//!
//! **One source of parameter state.** Gradients, Jacobians, batches and sampling take a
//! [`params::AsParams`]: the model itself (its declarations) or its [`Params`] table (with your
//! changes). What you pass is what you get.
//!
//! **Coming from ParamRF.** The parts are the same physics under Rust names (checked against
//! ParamRF's values in the tests): [`guide::from_paramrf`] maps ParamRF's names and calls to ours.
//!
//! **Features.** The default build is the lean core. `plot` draws networks, batches, fits and
//! posteriors (`pmrf::plot`, through plotters); `nuts` adds the No-U-Turn sampler
//! (`infer::sample::nuts`, `Posterior::nuts`, through nuts-rs, which brings faer); `serde`
//! saves and loads parameter tables; `progress` draws a progress bar for long batches.
//!
//! The crate is a facade over `pmrf-core` (the runtime) and `pmrf-macros` (the derive).

#![warn(missing_docs)]

pub use pmrf_core::*;

pub mod guide;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The derives' guides (`pmrf-macros/src/model.md`, the docs of `pmrf-macros`, and
/// `circuit.md`, those of `#[derive(Circuit)]`), run as doctests
/// here, against the facade as users see it.
#[cfg(doctest)]
#[doc = include_str!("../pmrf-macros/src/model.md")]
#[doc = include_str!("../pmrf-macros/src/circuit.md")]
struct DeriveDoctests;
