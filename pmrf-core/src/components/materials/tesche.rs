//! [`TescheConductor`]: Tesche's equivalent-circuit internal impedance of round conductors.

use std::f64::consts::{PI, TAU};

use num_complex::Complex;

use super::{Conductor, skin_effect};
use crate::constants::MU0;
use crate::{Model, Scalar};

/// A smooth bulk metal (conductivity `sigma`, S/m, relative permeability `mu_r`) whose round
/// conductors use F. M. Tesche's equivalent circuit instead of
/// [`BulkConductor`](super::BulkConductor)'s exact Bessel functions (F. M. Tesche, "A simple
/// model for the line parameters of a lossy coaxial cable filled with a nondispersive
/// dielectric", IEEE Trans. EMC 49(1), 2007, eq. 14; scikit-rf's `Coaxial(model='tesche')`):
///
/// ```text
/// Z = R_dc + Z_hf / (1 + Z_hf / (j w L_int)),     Z_hf = Zs / (2 pi r)
/// ```
///
/// a DC resistance in series with the skin-effect impedance shunted by the DC internal
/// inductance. Rod of radius `a`: `R_dc = 1 / (sigma pi a^2)`, `L_int = mu / (8 pi)`. Tube
/// of inner radius `b` and wall `t = c - b`: `R_dc = 1 / (sigma 2 pi b t)` (as scikit-rf),
/// `L_int = mu / (2 pi) [ln(c/b) / (1 - q)^2 + (q - 3) / (4 (1 - q))]`, `q = (b/c)^2` (eq. 13).
/// An infinitely thick tube (`c = inf`) has no DC resistance and `Z = Z_hf` (scikit-rf's
/// `tout=None` treats the shield as a solid rod instead). At DC `Z = R_dc`.
/// It is exact at DC and tends to the exact impedance in the skin-effect limit; between, where
/// the skin depth is near the radius, it is off by up to about 21 % (a copper wire of 0.25 mm
/// radius at 0.6 MHz); the surface impedance is the bulk metal's, `(1 + j) sqrt(pi f mu / sigma)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{BulkConductor, Conductor, TescheConductor};
///
/// let (t, exact) = (TescheConductor::copper(), BulkConductor::copper());
/// // A 0.5 mm wire: exact at DC and many skin depths deep, about 20 % off between.
/// for (f, tol) in [(0.0, 1e-15), (6e5, 0.22), (1e10, 5e-3)] {
///     let (zt, ze) = (t.rod_internal_impedance(f, 0.25e-3), exact.rod_internal_impedance(f, 0.25e-3));
///     assert!((zt / ze - 1.0).norm() <= tol, "{f}");
/// }
/// assert_eq!(t.param_names(), ["sigma", "mu_r"]);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct TescheConductor<T: Scalar = f64> {
    /// Conductivity, S/m.
    #[param(unit = "S/m", scale = 1e7, bounds = (1.0, f64::INFINITY))]
    pub sigma: T,
    /// Relative permeability (fixed by default, as [`BulkConductor`](super::BulkConductor)'s).
    #[param(unit = "1", bounds = (0.0, f64::INFINITY), fixed)]
    pub mu_r: T,
}

impl TescheConductor {
    /// Annealed copper: `sigma = 5.8e7` S/m, `mu_r = 1`.
    pub fn copper() -> Self {
        Self::new(5.8e7, 1.0)
    }
}

impl<T: Scalar> TescheConductor<T> {
    /// A conductor of conductivity `sigma` (S/m) and relative permeability `mu_r`.
    pub fn new(sigma: T, mu_r: T) -> Self {
        TescheConductor { sigma, mu_r }
    }

    /// Eq. 14: `R_dc + Z_hf / (1 + Z_hf / (j w L_int))` at `f`, for a conductor surface of
    /// radius `r`.
    fn circuit(&self, f: T, r: T, r_dc: T, l_int: T) -> Complex<T> {
        if f.re() == 0.0 {
            return Complex::new(r_dc, T::zero());
        }
        let z_hf = self.surface_impedance(f) * (r * TAU).recip();
        // Z_hf / (j w L) = -j Z_hf / (w L)
        let ratio = Complex::new(z_hf.im, -z_hf.re) * (f * TAU * l_int).recip();
        crate::cmath::div(z_hf, ratio + T::one()) + r_dc
    }
}

impl<T: Scalar> Conductor for TescheConductor<T> {
    fn conductivity(&self) -> T {
        self.sigma
    }
    fn mu_r(&self) -> T {
        self.mu_r
    }
    fn surface_impedance(&self, f: T) -> Complex<T> {
        skin_effect::surface_impedance(f, self.sigma, self.mu_r)
    }
    fn rod_internal_impedance(&self, f: T, radius: T) -> Complex<T> {
        let r_dc = (self.sigma * radius * radius * PI).recip();
        let l_int = self.mu_r * (MU0 / (8.0 * PI));
        self.circuit(f, radius, r_dc, l_int)
    }
    fn tube_internal_impedance(&self, f: T, inner: T, outer: T) -> Complex<T> {
        if outer.re().is_infinite() {
            // No DC resistance, and L_int -> inf: the skin-effect impedance alone.
            return self.surface_impedance(f) * (inner * TAU).recip();
        }
        let t = outer - inner;
        let r_dc = (self.sigma * inner * t * TAU).recip();
        let q = (inner / outer).powi(2);
        let one_q = -q + 1.0;
        let l_int = ((t / inner).ln_1p() / (one_q * one_q) + (q - 3.0) / (one_q * 4.0))
            * self.mu_r
            * (MU0 / TAU);
        self.circuit(f, inner, r_dc, l_int)
    }
}
