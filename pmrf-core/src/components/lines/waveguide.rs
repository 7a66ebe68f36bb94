//! [`RectangularWaveguide`]: the TE10 mode of a hollow rectangular guide with lossy walls.

use std::f64::consts::PI;

use num_complex::Complex;

use super::{C0, EPS0, LineSection, MU0, UniformLine, line_component, omega};
use crate::components::materials::{BulkConductor, Conductor, ConstantDielectric, Dielectric};
use crate::{Error, Model, Result, Scalar};

/// A rectangular waveguide in its fundamental TE10 mode: broad wall `a`, narrow wall `b`,
/// `length` (all in m), filled with `dielectric`, walls of `conductor`.
///
/// # Model
///
/// The mode as a transmission line of series impedance `Z'` and shunt admittance `Y'` per metre
/// (the equivalent circuit of Lomakin et al., as scikit-rf's `RectangularWaveguide`, model
/// `'lomakin'`), with `kc = pi / a`, the filling's `eps(f) = eps' - j eps''` and the walls'
/// surface impedance `Zs` ([`Conductor::surface_impedance`]):
///
/// ```text
/// Z' = j w mu0 + 2 Zs / b
/// Y' = j w eps0 eps(f) + kc^2 / (j w mu0 + 2 Zs / b + 4 Zs / a)
/// ```
///
/// so `gamma = sqrt(Z' Y')` and the wave impedance `Zc = sqrt(Z' / Y')`. Lossless, this is the
/// textbook mode (Pozar, *Microwave Engineering*, 4th ed., sec. 3.3): `gamma^2 = kc^2 - k^2`,
/// `Zc = j w mu0 / gamma` (`k eta / beta` above cutoff). Below the cutoff frequency
/// `fc = c0 / (2 a sqrt(eps'))` ([`cutoff_frequency`](Self::cutoff_frequency)) the mode is
/// evanescent: `gamma` is (nearly) real, `Zc` (nearly) imaginary, and a line of a few `a`
/// transmits almost nothing. Above it the wall loss tends to the perturbation result
/// `alpha_c = Rs (1 + 2 b/a (fc/f)^2) / (eta b sqrt(1 - (fc/f)^2))` (Pozar eq. 3.96), and
/// near cutoff stays finite, where that formula diverges.
///
/// At DC (no mode) the section is the lossless limit: `Zc = 0`, `gamma = kc`.
/// S is referred to the wave impedance like every line here (`Zc` against the 50 ohm port
/// reference); renormalise to `Zc` for a matched guide. The filling is non-magnetic.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{RectangularWaveguide, UniformLine};
/// use pmrf::components::materials::{BulkConductor, ConstantDielectric};
///
/// // WR-90 (22.86 mm x 10.16 mm), air, copper: fc = 6.557 GHz.
/// let air = ConstantDielectric::new(1.0, 0.0);
/// let wr90 = RectangularWaveguide::new(22.86e-3, 10.16e-3, 0.1, air, BulkConductor::copper())?;
/// assert!((wr90.cutoff_frequency(10e9) / 6.557e9 - 1.0).abs() < 1e-3);
/// // About 0.11 dB/m of copper loss at 10 GHz (Pozar example 3.1 has 0.0125 Np/m).
/// let alpha = wr90.section(10e9).theta().re / 0.1;
/// assert!((alpha - 0.0125).abs() < 0.0003);
/// // Below cutoff the mode is evanescent: gamma = sqrt(kc^2 - k^2) = 89 Np/m at 5 GHz,
/// // and 10 cm of guide pass less than -60 dB.
/// assert!((wr90.section(5e9).theta().re / 0.1 - 88.9).abs() < 0.1);
/// assert!(wr90.s_at(5e9)[1][0].norm() < 1e-3);
/// assert_eq!(wr90.param_names(), ["a", "b", "length", "dielectric.eps_r", "dielectric.tand",
///     "conductor.sigma", "conductor.mu_r"]);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct RectangularWaveguide<T: Scalar = f64, D = ConstantDielectric<T>, C = BulkConductor<T>> {
    /// Broad wall (inner width), m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub a: T,
    /// Narrow wall (inner height), m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub b: T,
    /// Length, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub length: T,
    /// The filling.
    pub dielectric: D,
    /// The metal of the walls.
    pub conductor: C,
}

impl<T: Scalar, D, C> RectangularWaveguide<T, D, C> {
    /// A guide of inner dimensions `a` x `b` and length `length` (m), filled with
    /// `dielectric`, walls of `conductor`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `a` or `b` is not finite and positive, or `length` is not
    /// finite and `>= 0`.
    pub fn new(a: T, b: T, length: T, dielectric: D, conductor: C) -> Result<Self> {
        let positive = |x: f64| x > 0.0 && x.is_finite();
        for (name, x, ok, expected) in [
            ("a", a.re(), positive(a.re()), "finite and > 0"),
            ("b", b.re(), positive(b.re()), "finite and > 0"),
            (
                "length",
                length.re(),
                length.re() >= 0.0 && length.re().is_finite(),
                "finite and >= 0",
            ),
        ] {
            if !ok {
                return Err(Error::invalid(name, x, expected));
            }
        }
        Ok(RectangularWaveguide {
            a,
            b,
            length,
            dielectric,
            conductor,
        })
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C> RectangularWaveguide<T, D, C> {
    /// The TE10 cutoff frequency `c0 / (2 a sqrt(eps'))` (Hz), with the filling's permittivity
    /// taken at `f` (Hz; any `f` for a non-dispersive filling).
    pub fn cutoff_frequency(&self, f: T) -> T {
        (self.a * 2.0 * self.dielectric.permittivity(f).re.sqrt()).recip() * C0
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>> UniformLine
    for RectangularWaveguide<T, D, C>
{
    fn section(&self, f: T) -> LineSection<T> {
        let kc = self.a.recip() * PI;
        if f.re() == 0.0 {
            // No mode at DC: the limit f -> 0 of the lossless guide.
            let zero = Complex::new(T::zero(), T::zero());
            return LineSection::from_zc_theta(zero, Complex::new(kc * self.length, T::zero()));
        }
        let w = omega(f);
        let zs = self.conductor.surface_impedance(f);
        let jwmu = Complex::new(T::zero(), w * MU0);
        let z = jwmu + zs * (self.b.recip() * 2.0);
        let z2 = z + zs * (self.a.recip() * 4.0);
        let eps = self.dielectric.permittivity(f);
        let y = Complex::new(-(w * EPS0 * eps.im), w * EPS0 * eps.re)
            + crate::cmath::recip(z2) * (kc * kc);
        LineSection::from_immittance(z, y, self.length)
    }
}

line_component!(RectangularWaveguide<T, D, C> where T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>);
