//! Fitting models to measured data: what is compared ([`Feature`]), how differences are scored
//! ([`Loss`], design [`Goal`]s), summed over data sets and bands ([`Objective`]), and over the
//! separately measured parts of a joint model ([`Parts`]), [`Fit`], which runs the bounded
//! optimisers of [`crate::optim`] on a model's free parameters with exact derivatives and returns
//! a [`FitResult`] with uncertainties, and [`Sequential`] fits of the parts one after another.

mod feature;
pub mod many;
mod objective;
mod parts;
mod run;
mod sequential;

pub use crate::optim::Options;
pub use feature::{CustomFeature, Feature, Transform, TwoPortMetric};
pub use objective::{Bound, Goal, Loss, Objective, Term};
pub use parts::{DifferentiableParts, PartVisitor, Parts};
pub use run::{Fit, FitResult, Method};
pub use sequential::{Sequential, SequentialResult, Stage};
