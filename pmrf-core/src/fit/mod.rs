//! Fitting models to measured data: what is compared ([`Feature`]), how differences are scored
//! ([`Loss`], design [`Goal`]s), summed over data sets and bands ([`Objective`]).

mod feature;
mod objective;

pub use feature::{Feature, Transform};
pub use objective::{Bound, Goal, Loss, Objective, Term};
