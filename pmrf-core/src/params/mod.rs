//! Parameters: the tree a `#[derive(Model)]` generates, and the run-time table built from it.
//!
//! - [`Model`] is the compile-time tree: visit the `T` leaves with their path names and default
//!   metadata, overwrite them in place, or rebind the whole model to another scalar type.
//! - [`Params`] is a run-time snapshot of one model's parameters (names, values, metadata) that
//!   can be changed per instance (fix, free, bounds, priors, ties, through a [`TieMap`]) and partitioned by a [`Filter`]
//!   into the vector a fitter, sampler or gradient works on, and combined back.
//!
//! Names are paths: field names joined with `.`, sequence elements as `[i]` (`"stages[2].c"`),
//! in declaration order everywhere.

mod filter;
mod joint;
#[cfg(feature = "serde")]
mod json;
mod meta;
mod model;
mod partition;
mod path;
mod prior;
mod saved;
mod source;
mod table;
mod tie;

pub use filter::{Filter, glob_match};
pub use joint::JointPrior;
pub(crate) use joint::{Draws, joint_blocks};
pub use meta::ParamMeta;
pub use model::Model;
pub use partition::Partition;
pub use path::Path;
pub use prior::Prior;
pub use saved::ParamTable;
pub use source::AsParams;
pub use table::{Param, Params};
pub use tie::TieMap;
