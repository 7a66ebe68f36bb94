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
//! let grad = gradient(&cap, &Filter::Free, |m| m.s_at(Dual64::from(1e9))[1][0].norm_sqr())?;
//! assert!(grad[0] > 0.0);                                 // more C, more transmission
//! # let _ = (s, bigger);
//! # Ok::<(), pmrf::Error>(())
//! ```
//!
//! The crate is a facade over `pmrf-core` (the runtime) and `pmrf-macros` (the derive).

#![warn(missing_docs)]

pub use pmrf_core::*;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
