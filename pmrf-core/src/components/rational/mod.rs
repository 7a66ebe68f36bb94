//! Rational models: the [`PoleResidue`] `N`-port (ParamRF's surrogate) and [`vector_fit`],
//! which starts one from measured data, with a sampled [`passivity`] check.

mod linalg;
mod pole_residue;
mod vector_fit;

pub use pole_residue::{PolePair, PoleResidue, RealPole};
pub use vector_fit::{Passivity, PoleSpacing, VectorFit, VectorFitSettings, passivity, vector_fit};
