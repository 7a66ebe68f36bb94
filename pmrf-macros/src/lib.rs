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
mod circuit;
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

/// Derives `pmrf::components::PartList` for a struct whose fields are the parts of a circuit,
/// and, with external ports declared (`#[circuit(port(1, net))]`) and nets on every field
/// (`#[circuit(a, b)]`), a static netlist checked at compile time and `Component<N>`.
///
// The guide's examples run as doctests of the facade, like those of `model.md`.
#[cfg_attr(not(doctest), doc = include_str!("circuit.md"))]
#[proc_macro_derive(Circuit, attributes(circuit))]
pub fn derive_circuit(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    circuit::derive(&input).into()
}
