//! Surface roughness: [`HammerstadRoughness`].

use std::f64::consts::{FRAC_2_PI, PI};

use super::Roughness;
use crate::constants::MU0;
use crate::{Model, Scalar};

/// Hammerstad's roughness factor for a conductor surface of rms roughness `rms` (m):
///
/// ```text
/// K = 1 + (2 / pi) atan(1.4 (rms / delta)^2),   delta = 1 / sqrt(pi f mu0 mu_r sigma)
/// ```
///
/// (E. Hammerstad and O. Jensen, "Accurate models for microstrip computer-aided design", IEEE
/// MTT-S Int. Microwave Symp. Digest, 1980, pp. 407-409), so `K -> 1` when the skin depth
/// exceeds the roughness (and at DC) and `K -> 2` when it is much smaller. As scikit-rf's
/// `MLine` conductor loss and ParamRF's `HammerstadRoughness`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{HammerstadRoughness, Roughness};
///
/// let r = HammerstadRoughness::new(1e-6);
/// assert_eq!(r.factor(0.0, 5.8e7, 1.0), 1.0);
/// assert!(r.factor(100e9, 5.8e7, 1.0) > 1.98);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct HammerstadRoughness<T: Scalar = f64> {
    /// Rms surface roughness, m.
    #[param(unit = "m", scale = 1e-6, bounds = (0.0, f64::INFINITY))]
    pub rms: T,
}

impl<T: Scalar> HammerstadRoughness<T> {
    /// A surface of rms roughness `rms` (m).
    pub fn new(rms: T) -> Self {
        HammerstadRoughness { rms }
    }
}

impl<T: Scalar> Roughness for HammerstadRoughness<T> {
    fn factor(&self, f: T, sigma: T, mu_r: T) -> T {
        if sigma.re().is_infinite() {
            return T::from(2.0); // a perfect conductor: delta = 0
        }
        // (rms / delta)^2 = rms^2 pi f mu0 mu_r sigma: no infinite skin depth at DC.
        let x = self.rms * self.rms * f * mu_r * sigma * (PI * MU0);
        (x * 1.4).atan() * FRAC_2_PI + 1.0
    }
}
