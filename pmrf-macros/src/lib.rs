// The user guide of the derive. Its examples need pmrf, which a proc-macro crate cannot
// depend on without building pmrf a second time for the host in every test run, so they run as
// doctests of the facade (`src/lib.rs`) and are left out of this crate's own doctests.
#![cfg_attr(not(doctest), doc = include_str!("model.md"))]
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
