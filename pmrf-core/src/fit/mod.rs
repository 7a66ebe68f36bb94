//! Fitting models to measured data: what is compared ([`Feature`]), how differences are scored
//! ([`Loss`], design [`Goal`]s), summed over data sets and bands ([`Objective`]), and over the
//! separately measured parts of a joint model ([`Parts`]), the bounded
//! numerical [`optim`]isers, and [`Fit`], which runs them on a model's free parameters with
//! exact derivatives and returns a [`FitResult`] with uncertainties.

mod feature;
mod objective;
pub mod optim;
mod parts;
mod run;

pub use feature::{CustomFeature, Feature, Transform};
pub use objective::{Bound, Goal, Loss, Objective, Term};
pub use optim::Options;
pub use parts::{PartVisitor, Parts};
pub(crate) use run::symmetric_inverse;
pub use run::{Fit, FitResult, Method};
