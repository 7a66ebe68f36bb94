//! Rational models: the [`PoleResidue`] `N`-port (ParamRF's surrogate; its real [`StateSpace`]
//! form) and [`vector_fit`],
//! which starts one from measured data, with a sampled [`passivity`] check.

mod linalg;
mod pole_residue;
mod vector_fit;

pub use pole_residue::{PolePair, PoleResidue, RealPole, StateSpace};
pub use vector_fit::{Passivity, PoleSpacing, VectorFit, VectorFitSettings, passivity, vector_fit};
