//! Conductors: [`BulkConductor`], [`PerfectConductor`] and [`RoughConductor`].

use std::marker::PhantomData;

use num_complex::Complex;

use super::skin_effect;
use super::{Conductor, HammerstadRoughness, Roughness};
use crate::constants::MU0;
use crate::{Error, Model, Result, Scalar};

/// A smooth bulk metal of conductivity `sigma` (S/m) and relative permeability `mu_r`.
///
/// * Surface impedance of the half space: `Zs = (1 + j) R_s`,
///   `R_s = sqrt(pi f mu0 mu_r / sigma) = 1 / (sigma delta)`, with skin depth
///   `delta = 1 / sqrt(pi f mu0 mu_r sigma)` (Pozar, *Microwave Engineering*, 4th ed., eq. 1.131).
/// * Round conductors: the exact internal impedances of a solid wire and of a tube
///   (Schelkunoff 1934, through modified Bessel functions), from DC (`1 / (sigma pi a^2)`) to the
///   skin-effect limit `Zs / (2 pi a)`.
///
/// The good-conductor approximation (`sigma >> w eps0`) underlies all of these, hence the lower
/// bound of 1 S/m on `sigma`. Only `sigma` is free by default: `mu_r` is fixed (see the field). At DC the surface impedance is 0 and its derivatives are taken
/// as 0 (its frequency slope `~ 1 / sqrt(f)` is infinite there).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{BulkConductor, Conductor};
///
/// let cu = BulkConductor::copper();
/// assert_eq!(cu.sigma, 5.8e7);
/// // Skin depth of copper at 1 GHz: about 2.09 um.
/// assert!((cu.skin_depth(1e9) - 2.09e-6).abs() < 0.01e-6);
/// let al = BulkConductor::from_resistivity(2.65e-8, 1.0)?;
/// assert!((al.sigma - 1.0 / 2.65e-8).abs() < 1e-6);
/// assert!(BulkConductor::from_resistivity(-1.0, 1.0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct BulkConductor<T: Scalar = f64> {
    /// Conductivity, S/m.
    #[param(unit = "S/m", scale = 1e7, bounds = (1.0, f64::INFINITY))]
    pub sigma: T,
    /// Relative permeability (fixed by default: a material constant, 1 for copper, that a
    /// fit would otherwise trade against `sigma`; free it with `Params::free` to fit it).
    #[param(unit = "1", bounds = (0.0, f64::INFINITY), fixed)]
    pub mu_r: T,
}

/// Annealed copper, 100 % IACS (S/m): `1 / 1.7241e-8 ohm m`, rounded as scikit-rf's default.
const COPPER: f64 = 5.8e7;

impl BulkConductor {
    /// Annealed copper: `sigma = 5.8e7` S/m (100 % IACS), `mu_r = 1`.
    pub fn copper() -> Self {
        Self::new(COPPER, 1.0)
    }
}

impl<T: Scalar> BulkConductor<T> {
    /// A conductor of conductivity `sigma` (S/m) and relative permeability `mu_r`.
    pub fn new(sigma: T, mu_r: T) -> Self {
        BulkConductor { sigma, mu_r }
    }

    /// A conductor of resistivity `rho` (ohm m) and relative permeability `mu_r`:
    /// `sigma = 1 / rho`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `rho` is not in `(0, 1]` ohm m (`sigma >= 1` S/m, see the
    /// type docs) or `mu_r` is not finite and positive.
    pub fn from_resistivity(rho: T, mu_r: T) -> Result<Self> {
        let r = rho.re();
        if !(r > 0.0 && r <= 1.0) {
            return Err(Error::invalid(
                "rho",
                r,
                "in (0, 1] ohm m (sigma = 1 / rho >= 1 S/m)",
            ));
        }
        let m = mu_r.re();
        if !(m > 0.0 && m.is_finite()) {
            return Err(Error::invalid("mu_r", m, "finite and > 0"));
        }
        Ok(Self::new(rho.recip(), mu_r))
    }

    /// Skin depth at `f` (Hz), m: `1 / sqrt(pi f mu0 mu_r sigma)` (infinite at DC).
    pub fn skin_depth(&self, f: T) -> T {
        (f * self.mu_r * self.sigma * (std::f64::consts::PI * MU0))
            .sqrt()
            .recip()
    }
}

impl<T: Scalar> Conductor for BulkConductor<T> {
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
        skin_effect::rod_internal_impedance(f, radius, self.sigma, self.mu_r)
    }
    fn tube_internal_impedance(&self, f: T, inner: T, outer: T) -> Complex<T> {
        skin_effect::tube_internal_impedance(f, inner, outer, self.sigma, self.mu_r)
    }
}

/// A perfect conductor: no surface impedance, no conductor loss.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{Conductor, PerfectConductor};
///
/// let pec: PerfectConductor = PerfectConductor::default();
/// assert_eq!(pec.surface_impedance(1e9), Complex::new(0.0, 0.0));
/// assert_eq!(pec.num_params(), 0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq, Default)]
pub struct PerfectConductor<T: Scalar = f64> {
    _t: PhantomData<T>,
}

impl<T: Scalar> Conductor for PerfectConductor<T> {
    fn conductivity(&self) -> T {
        T::from(f64::INFINITY)
    }
    fn mu_r(&self) -> T {
        T::one()
    }
    fn surface_impedance(&self, _f: T) -> Complex<T> {
        Complex::new(T::zero(), T::zero())
    }
    fn rod_internal_impedance(&self, _f: T, _radius: T) -> Complex<T> {
        Complex::new(T::zero(), T::zero())
    }
    fn tube_internal_impedance(&self, _f: T, _inner: T, _outer: T) -> Complex<T> {
        Complex::new(T::zero(), T::zero())
    }
}

/// A conductor `bulk` with a rough surface: every impedance of `bulk` multiplied by the
/// roughness factor `K(f)` of `roughness` (by default [`HammerstadRoughness`]).
///
/// Scaling the whole surface impedance (resistance and internal reactance) by `K` is the usual
/// practice of circuit simulators and ParamRF; for round conductors the factor also scales the
/// low-frequency internal impedance, where `K -> 1` (the skin depth exceeds the roughness).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{
///     BulkConductor, Conductor, HammerstadRoughness, RoughConductor,
/// };
///
/// let rough = RoughConductor::new(BulkConductor::copper(), HammerstadRoughness::new(1e-6));
/// let smooth = BulkConductor::copper();
/// // 1 um rms against a 0.66 um skin depth at 10 GHz: K = 1.81.
/// let k = rough.surface_impedance(10e9).re / smooth.surface_impedance(10e9).re;
/// assert!(k > 1.80 && k < 1.82);
/// assert_eq!(rough.param_names(), ["bulk.sigma", "bulk.mu_r", "roughness.rms"]);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct RoughConductor<T: Scalar = f64, C = BulkConductor<T>, R = HammerstadRoughness<T>> {
    /// The smooth conductor.
    pub bulk: C,
    /// Its surface roughness.
    pub roughness: R,
    _t: PhantomData<T>,
}

impl<T: Scalar, C, R> RoughConductor<T, C, R> {
    /// The conductor `bulk` with surface roughness `roughness`.
    pub fn new(bulk: C, roughness: R) -> Self {
        RoughConductor {
            bulk,
            roughness,
            _t: PhantomData,
        }
    }
}

impl<T: Scalar, C: Conductor<Scalar = T>, R: Roughness<Scalar = T>> RoughConductor<T, C, R> {
    fn k(&self, f: T) -> T {
        self.roughness
            .factor(f, self.bulk.conductivity(), self.bulk.mu_r())
    }
}

impl<T: Scalar, C: Conductor<Scalar = T>, R: Roughness<Scalar = T>> Conductor
    for RoughConductor<T, C, R>
{
    fn conductivity(&self) -> T {
        self.bulk.conductivity()
    }
    fn mu_r(&self) -> T {
        self.bulk.mu_r()
    }
    fn surface_impedance(&self, f: T) -> Complex<T> {
        self.bulk.surface_impedance(f) * self.k(f)
    }
    fn rod_internal_impedance(&self, f: T, radius: T) -> Complex<T> {
        self.bulk.rod_internal_impedance(f, radius) * self.k(f)
    }
    fn tube_internal_impedance(&self, f: T, inner: T, outer: T) -> Complex<T> {
        self.bulk.tube_internal_impedance(f, inner, outer) * self.k(f)
    }
}
