//! Fitting models to measured data: what is compared ([`Feature`]), how differences are scored
//! ([`Loss`], design [`Goal`]s), summed over data sets and bands ([`Objective`]), the bounded
//! numerical [`optim`]isers, and [`Fit`], which runs them on a model's free parameters with
//! exact derivatives and returns a [`FitResult`] with uncertainties.

mod feature;
mod objective;
pub mod optim;
mod run;

pub use feature::{Feature, Transform};
pub use objective::{Bound, Goal, Loss, Objective, Term};
pub(crate) use run::symmetric_inverse;
pub use run::{Fit, FitResult, Method};
