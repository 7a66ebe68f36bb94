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
//! trait whose path ends in `Scalar` (inline or in the `where` clause; any name). Other type
//! parameters are sub-model types and get the bound `P: Model<Scalar = T>`; const parameters pass
//! through; lifetimes are not allowed. The struct must also implement `Clone` (derive it).
//!
//! `Model::Rebind<U>` is the same struct with the scalar replaced by `U` and every sub-model
//! parameter `P` by `P::Rebind<U>`, so the struct's own bounds must hold for those too: bound
//! sub-model parameters only by what `Model` implies (`Clone + Send + Sync`), and put other
//! requirements (`S: Stages<T>`, `S: Debug`) on the impls that need them.
//!
//! # Fields
//!
//! Fields are visited in declaration order, which is the flat order of the parameters.
//!
//! - `#[param(...)]` marks a parameter: a field of type `T`, `[T; N]` or `Vec<T>` (elements are
//!   named `name[i]`).
//! - A field without `#[param]` whose type mentions a type parameter is a sub-model (a model,
//!   or a `Vec`, array, `Option`, `Box` or tuple of models): its parameters are named
//!   `field.sub`.
//! - A field whose type is a path ending in `PhantomData` is rebuilt as `PhantomData`.
//! - Any other field is static data, cloned unchanged when the model is rebuilt.
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
//! # Errors
//!
//! The derive never panics. Every misuse is a compile error pointing at the offending tokens,
//! and all errors of one struct are reported together: not a struct with named fields; no or
//! several scalar parameters; lifetimes; unknown, duplicate or malformed options; `bounds` with
//! lower >= upper; `scale` <= 0; `fixed` with `prior`; invalid prior arguments or a `uniform`
//! prior outside the bounds; `#[param]` on another type or on a sub-model; a `T` field without
//! `#[param]`; invalid or colliding names. Each message is pinned by a test in `tests/ui/`.
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
#[proc_macro_derive(Model, attributes(param))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
