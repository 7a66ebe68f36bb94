//! `#[derive(Model)]` for [pmrf](https://docs.rs/pmrf): turns a plain struct generic over its
//! scalar into a tree of named parameters with metadata. Use it through the `pmrf` crate.
//!
//! ```
//! use pmrf::prelude::*;
//!
//! #[derive(Model, Clone, Debug)]
//! pub struct SeriesRlc<T: Scalar = f64> {
//!     #[param(unit = "ohm", bounds = (0.0, 1e3))]
//!     pub r: T,
//!     #[param(unit = "H", scale = 1e-9, prior = normal(3e-9, 1e-10))]
//!     pub l: T,
//!     #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6), fixed)]
//!     pub c: T,
//!     #[param(name = "taps", unit = "S")]
//!     pub g: [T; 3],
//!     pub label: String,
//! }
//!
//! #[derive(Model, Clone, Debug)]
//! pub struct Filter<S, T: Scalar = f64> {
//!     pub rlc: SeriesRlc<T>,           // parameters "rlc.r", "rlc.l", ...
//!     pub stages: Vec<SeriesRlc<T>>,   // "stages[2].c"
//!     pub tail: S,                     // any sub-model type; S: Model<Scalar = T> is implied
//! }
//! ```
//!
//! # The struct
//!
//! A struct with named fields and exactly one *scalar* type parameter: the one bounded by a
//! trait whose path ends in `Scalar` (inline or in the `where` clause; any name). Const
//! parameters pass through; lifetimes are not allowed. The struct must also implement `Clone`
//! (derive it). Other type parameters are of two kinds:
//!
//! - those that appear in a sub-model field (see below) are sub-model types: they get the bound
//!   `P: Model<Scalar = T>`, and `Model::Rebind<U>` replaces them by `P::Rebind<U>`;
//! - the others (markers in `PhantomData`, types of `#[model(skip)]` data) stay as they are in
//!   `Rebind<U>` and get only what the impl needs, `P: Clone + Send + Sync`. A domain marker
//!   such as `struct Tagged<D, T: Scalar = f64> { _d: PhantomData<D>, #[param] x: T }` works
//!   with `D = domain::S`.
//!
//! `Model::Rebind<U>` is the same struct with the scalar replaced by `U` (and sub-model types
//! rebound), so the struct's own bounds must hold for those too: bound sub-model parameters
//! only by what `Model` implies (`Clone + Send + Sync`), and put other requirements
//! (`S: Stages<T>`, `S: Debug`) on the impls that need them.
//!
//! A part without parameters (an open, a short, an ideal junction) still has the scalar type
//! parameter, held by a marker field, and is built with `Default`:
//!
//! ```
//! use std::marker::PhantomData;
//! use pmrf::prelude::*;
//!
//! #[derive(Model, Clone, Debug, Default)]
//! pub struct Open<T: Scalar = f64> {
//!     _t: PhantomData<T>,
//! }
//!
//! let open: Open = Open::default();
//! assert_eq!(open.num_params(), 0);
//! ```
//!
//! # Fields
//!
//! Fields are visited in declaration order, which is the flat order of the parameters.
//!
//! - `#[param(...)]` marks a parameter: a field of type `T`, `[T; N]` or `Vec<T>` (elements are
//!   named `name[i]`). Parameters are real: a complex parameter is two real `#[param]`s
//!   (`re`/`im`, or magnitude/phase) combined in the component. Optional parameters
//!   (`Option<T>`) are not supported: use a `Vec<T>`, a `#[param(fixed)]` with a neutral value,
//!   or an `Option` of a sub-model.
//! - A field without `#[param]` whose type mentions a type parameter is a sub-model (a model,
//!   or a `Vec`, array, `Option`, `Box` or tuple of models): its parameters are named
//!   `field.sub`.
//! - A field whose type is a path ending in `PhantomData` is rebuilt as `PhantomData`.
//! - `#[model(skip)]` marks static data whose type mentions a type parameter, such as
//!   `data: D` with `D = String`: it is not a sub-model and is cloned as is. Its type must not
//!   mention the scalar type or a sub-model type (those change with the scalar).
//! - Any other field is static data, cloned unchanged when the model is rebuilt.
//!
//! # `#[model]` options
//!
//! | option | where | meaning |
//! |---|---|---|
//! | `crate = path`, `crate = "path"` | struct | the path of the `pmrf` crate in generated code, default `::pmrf`; for a renamed dependency (`#[model(crate = my_pmrf)]`) or a re-export (`#[model(crate = facade::pmrf)]`) |
//! | `skip` | field | static data, cloned as is (see above) |
//!
//! # `#[param]` options
//!
//! | option | meaning |
//! |---|---|
//! | `unit = "F"` | unit symbol |
//! | `scale = 1e-12` | typical magnitude, > 0 (the display unit and the optimiser's O(1) units) |
//! | `bounds = (0.0, 1e-6)` | SI bounds, lower < upper; ends may be `-f64::INFINITY` / `f64::INFINITY` |
//! | `fixed`, `fixed = true/false` | held constant by fitting, sampling and gradients |
//! | `prior = uniform(low, high)` / `normal(mean, std)` / `log_normal(mu, sigma)` | prior distribution (not with `fixed`) |
//! | `name = "c1"` | path segment instead of the field name (no `.`, `[`, `]`, `*`, `?`, whitespace) |
//!
//! # Priors and bounds
//!
//! A prior must put mass within the bounds: a `uniform` prior lies within them; a `log_normal`
//! prior needs an upper bound > 0; a `normal` or `log_normal` prior whose probability within
//! the bounds is below 1e-12 is rejected (computed in the macro with a complementary error
//! function of relative accuracy 1.2e-7). Little but nonzero mass is fine: sampling uses the
//! distribution truncated to the bounds.
//!
//! Bounds and priors must be distributions `f64` can hold, as `Prior::validate` and
//! `Params::set_bounds` require at run time: finite `bounds` whose width overflows
//! (`(-1e308, 1e308)`), a `uniform` prior whose width overflows, a `normal` prior whose draws
//! (up to 9 standard deviations out) overflow, a `log_normal` prior whose median `exp(mu)` or
//! draws `exp(mu +- 9 sigma)` lie beyond `f64` are rejected.
//!
//! # Errors
//!
//! The derive never panics. Every misuse is a compile error pointing at the offending tokens,
//! and all errors of one struct are reported together: not a struct with named fields (an empty
//! or unit struct: the message shows the `PhantomData` marker of a parameter-free part); no or
//! several scalar parameters; lifetimes; unknown, duplicate, misplaced or malformed `#[param]`
//! and `#[model]` options; `bounds` with lower >= upper or a width beyond `f64`; `scale` <= 0;
//! `fixed` with `prior`; invalid prior arguments or priors beyond `f64` (above), a `uniform`
//! prior outside the bounds, a `normal` or `log_normal` prior without mass within them;
//! `#[param]` on another type or on a sub-model; a `T` field
//! without `#[param]`; `Option<T>` and `Complex<T>` fields (with what to write instead);
//! `#[model(skip)]` with `#[param]` or on a type that mentions the scalar or a sub-model type;
//! invalid or colliding names. Each message is pinned by a test in `tests/ui/`. Type errors
//! after expansion point at the cause too: a sub-model field whose type is no model, at that
//! type; a struct without `Clone`, once, at its name.
//! With errors, a stub impl is still emitted so that uses of the struct add no further errors.
//!
//! # Structure
//!
//! `ast` and `attr` parse, `valid` checks, `expand` generates; `errors` collects the errors of
//! all stages.

mod ast;
mod attr;
mod errors;
mod expand;
mod valid;

use proc_macro::TokenStream;

/// Derives `pmrf::Model`; see the [crate docs](crate).
#[proc_macro_derive(Model, attributes(param, model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
