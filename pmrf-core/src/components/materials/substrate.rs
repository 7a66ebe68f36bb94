//! [`Substrate`]: the board of a planar line.

use super::{BulkConductor, ConstantDielectric};
use crate::{Model, Scalar};

/// A planar substrate: dielectric height `h` (m), metal thickness `t` (m), the `dielectric`
/// and the `conductor` of strip and ground.
///
/// For a [`Microstrip`](crate::components::lines::Microstrip) `h` is the height of the strip
/// above its ground plane; for a [`Stripline`](crate::components::lines::Stripline) it is the
/// spacing `b` of the two ground planes, the strip centred between them. One substrate can be
/// shared by several lines (clone it); its parameters nest under the line's field:
/// `ms.substrate.h`, `ms.substrate.dielectric.eps_r`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{BulkConductor, ConstantDielectric, Substrate};
///
/// let fr4 = Substrate::new(1.6e-3, 35e-6, ConstantDielectric::new(4.3, 0.02), BulkConductor::copper());
/// assert_eq!(
///     fr4.param_names(),
///     ["h", "t", "dielectric.eps_r", "dielectric.tand", "conductor.sigma", "conductor.mu_r"]
/// );
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Substrate<T: Scalar = f64, D = ConstantDielectric<T>, C = BulkConductor<T>> {
    /// Dielectric height (microstrip) or ground-plane spacing (stripline), m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub h: T,
    /// Metal thickness of the strip, m.
    #[param(unit = "m", scale = 1e-6, bounds = (0.0, f64::INFINITY))]
    pub t: T,
    /// The dielectric.
    pub dielectric: D,
    /// The metal of strip and ground.
    pub conductor: C,
}

impl<T: Scalar, D, C> Substrate<T, D, C> {
    /// A substrate of height `h` (m) with metal of thickness `t` (m), made of `dielectric` and
    /// `conductor`.
    pub fn new(h: T, t: T, dielectric: D, conductor: C) -> Self {
        Substrate {
            h,
            t,
            dielectric,
            conductor,
        }
    }
}
