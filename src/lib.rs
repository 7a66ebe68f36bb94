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
//! **Models.** A model is a struct generic over its scalar, `struct Foo<T: Scalar = f64>`.
//! `#[param(...)]` marks its parameters: fields of type `T`, `[T; N]` or `Vec<T>`, with `unit`,
//! `scale`, `bounds`, `fixed`, `prior` and `name` options (see [`macro@Model`]). Fields whose
//! type mentions a type parameter without `#[param]` are sub-models (another model, or a `Vec`,
//! array, `Option`, `Box` or tuple of models); `#[model(skip)]` marks such a field as data
//! instead, and all other fields are static data. A parameter-free part has a `PhantomData<T>`
//! marker field and derives `Default`. `#[model(crate = path)]` names a renamed or re-exported
//! pmrf. Misuse is a compile error pointing at the offending token.
//!
//! **Values are SI.** A field holds ohm, H, F, Hz... `scale` is only the magnitude the value is
//! written in (`1e-12` for pF): it sets the display unit and the O(1) units optimisers work in.
//! Bounds and priors are SI too.
//!
//! **Names are paths.** Fields join with `.`, sequence elements are `[i]`: `stages[1].c`. The
//! flat order of values is the declaration order, everywhere. Globs use `*` and `?`:
//! `"stages[*].l"`, `"*.c"`.
//!
//! **Parameters at run time.** [`Model::params`] checks the model's values against their
//! declared bounds and gives its [`Params`] table: the one place for per-instance state (fix,
//! free, bounds, priors, values, ties), typed by its model (`Params<M>`). [`Params::partition`]
//! with a [`params::Filter`] gives the vector fitting, sampling and gradients work on, and
//! [`params::Partition::apply`] turns a new vector back into the model, checked against the
//! table's bounds with ties followed. [`Model::with_params`] is the quick update checked against
//! the declarations only. Saved tables ([`params::ParamTable`], feature `serde`) are checked by
//! name when [`Params::load`]ed.
//!
//! **Networks.** A component implements [`Component<N>`] for its `N` ports in one primary
//! domain ([`network::domain`]: S, ABCD for 2-ports, Z or Y), per frequency point; S / Z / Y /
//! ABCD over a [`Frequency`] follow as `(nfreq, N, N)` arrays, frequency first, row = receiving
//! port (`s[[k, 1, 0]]` is S21), 50 ohm reference. Port counts are types: a 1-port in a
//! [`components::Cascade`] does not compile. Per-port complex reference impedances, with power
//! or pseudo waves, are in [`network::reference`] and [`Component::s_z0`].
//!
//! **Data.** [`Network`] is what a model evaluates to ([`Component::network`]) and what data
//! files, fits and plots share: S over a frequency grid with per-port z0, entries by name
//! (`"s21"`), dB, phase, VSWR, group delay, physical checks, cropping and interpolation.
//!
//! **Composites.** [`components::Connected`] joins two networks port to port,
//! [`components::Terminated`] closes a port with a 1-port, [`components::Flipped`] and
//! [`components::Renumbered`] reorder ports; each is a model whose parameter names are its
//! parts' paths, so it differentiates and batches like any other.
//!
//! **Derivatives.** The same model code runs on dual numbers: [`diff::gradient`],
//! [`diff::value_and_gradient`] and [`diff::jacobian`] evaluate it on the vector dual
//! [`diff::Grad`] (8 parameters per pass), [`diff::frequency_derivative`] and
//! [`diff::group_delay`] on [`Dual64`]. All are exact, and a non-finite value or derivative is
//! an error. Generic code that fits or samples any model bounds it by
//! [`diff::Differentiable`].
//!
//! **Batches.** [`batch::Batch`] is one model structure and an `(n, p)` block of values, from
//! explicit values or sampled from priors and bounds with a seed, evaluated on every core.
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
