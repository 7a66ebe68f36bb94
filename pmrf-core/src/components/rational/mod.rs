//! Rational models: the [`PoleResidue`] `N`-port (ParamRF's surrogate; its real [`StateSpace`]
//! form) and [`vector_fit`], which starts one from measured data (choosing the order itself in
//! [`auto_fit`]), with [`passivity`] checked (sampled, and exactly by [`passivity_test`]) and
//! enforced ([`enforce_passivity`]); the [`Resonance`] (`f0`, `Q`) of a pole pair carries the
//! standard errors of a fit.

mod auto;
mod linalg;
mod passivity;
mod pole_residue;
mod resonance;
mod vector_fit;

pub use auto::{AutoFit, AutoFitSettings, auto_fit};
pub use passivity::{
    Passivity, PassivityEnforcement, enforce_passivity, passivity, passivity_test,
};
pub use pole_residue::{PolePair, PoleResidue, RealPole, StateSpace};
pub use resonance::Resonance;
pub use vector_fit::{PoleSpacing, VectorFit, VectorFitSettings, vector_fit};
