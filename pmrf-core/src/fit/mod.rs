//! Fitting models to measured data: what is compared ([`Feature`]), how differences are scored
//! ([`Loss`], design [`Goal`]s), summed over data sets and bands ([`Objective`]), and the bounded
//! numerical [`optim`]isers the fits run on.

mod feature;
mod objective;
pub mod optim;

pub use feature::{Feature, Transform};
pub use objective::{Bound, Goal, Loss, Objective, Term};
