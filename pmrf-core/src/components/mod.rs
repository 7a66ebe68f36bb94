//! Built-in components, all declared with `#[derive(Model)]`: lumped series and shunt R, L, C,
//! and the 2-port [`Cascade`] of any number of heterogeneous 2-ports.

mod cascade;
mod lumped;

pub use cascade::{Cascade, Stages};
pub use lumped::{SeriesC, SeriesL, SeriesR, ShuntC, ShuntL, ShuntR};
