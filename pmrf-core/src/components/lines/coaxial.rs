//! [`CoaxialLine`]: a coaxial line from its dimensions and materials.

use std::f64::consts::TAU;

use num_complex::Complex;

use super::{EPS0, LineSection, MU0, UniformLine, line_component, omega};
use crate::components::materials::{BulkConductor, Conductor, ConstantDielectric, Dielectric};
use crate::{Error, Model, Result, Scalar};

/// A coaxial line: inner conductor diameter `d_in`, outer diameter `d_out` (the inside of the
/// shield, i.e. the dielectric's outer diameter), shield thickness `t_shield`, `length` (all in
/// m), filled with `dielectric` and made of `conductor` (both conductors).
///
/// The TEM line of Ramo, Whinnery and Van Duzer, *Fields and Waves in Communication
/// Electronics*, 3rd ed., sec. 5.8, with `a = d_in / 2`, `b = d_out / 2` and the dielectric's
/// complex permittivity `eps(f) = eps' - j eps''`:
///
/// ```text
/// Z' = j w mu0 ln(b/a) / (2 pi) + Z_rod(a) + Z_tube(b, b + t_shield)
/// Y' = j w 2 pi eps0 eps(f) / ln(b/a)      (G' = w 2 pi eps0 eps'' / ln(b/a))
/// ```
///
/// where `Z_rod` and `Z_tube` are the conductor's internal impedances per metre
/// ([`Conductor::rod_internal_impedance`], [`Conductor::tube_internal_impedance`]): for a
/// [`BulkConductor`] Schelkunoff's exact Bessel-function forms (skin effect, internal
/// inductance and DC resistance), as scikit-rf's `Coaxial` (model `'schelkunoff'`). The
/// lossless line has `Zc = eta0 / (2 pi sqrt(eps_r)) ln(b/a) ~ 60 / sqrt(eps_r) ln(b/a)` ohm.
/// The dielectric is non-magnetic.
///
/// Geometry with `d_in >= d_out` or a non-positive dimension has no line: S is NaN
/// ([`CoaxialLine::new`] refuses it).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{CoaxialLine, UniformLine};
/// use pmrf::components::materials::{BulkConductor, ConstantDielectric};
///
/// // An RG-58-like cable: 0.91 mm inner, 2.95 mm dielectric, polyethylene, copper, 1 m.
/// let pe = ConstantDielectric::new(2.3, 2e-4);
/// let coax = CoaxialLine::new(0.91e-3, 2.95e-3, 0.2e-3, 1.0, pe, BulkConductor::copper())?;
/// let zc = coax.section(1e9).zc();
/// let ideal = 376.730313412 / (std::f64::consts::TAU * 2.3f64.sqrt()) * (2.95f64 / 0.91).ln();
/// assert!((zc.re / ideal - 1.0).abs() < 2e-3); // 46.6 ohm
/// // About 0.38 dB of loss at 1 GHz, mostly in the conductors.
/// let db = -20.0 * coax.s_at(1e9)[1][0].norm().log10();
/// assert!(db > 0.35 && db < 0.42);
/// assert_eq!(
///     coax.param_names(),
///     ["d_in", "d_out", "t_shield", "length", "dielectric.eps_r", "dielectric.tand",
///      "conductor.sigma", "conductor.mu_r"]
/// );
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct CoaxialLine<T: Scalar = f64, D = ConstantDielectric<T>, C = BulkConductor<T>> {
    /// Inner conductor diameter, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub d_in: T,
    /// Outer conductor inner diameter (dielectric diameter), m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub d_out: T,
    /// Shield thickness, m (fixed by default: the shield is usually given).
    #[param(unit = "m", scale = 1e-4, bounds = (0.0, f64::INFINITY), fixed)]
    pub t_shield: T,
    /// Length, m.
    #[param(unit = "m", bounds = (0.0, f64::INFINITY))]
    pub length: T,
    /// The dielectric between the conductors.
    pub dielectric: D,
    /// The metal of both conductors.
    pub conductor: C,
}

impl<T: Scalar, D, C> CoaxialLine<T, D, C> {
    /// A coaxial line of inner diameter `d_in`, outer diameter `d_out`, shield thickness
    /// `t_shield` and length `length` (m), with `dielectric` and `conductor`.
    ///
    /// `t_shield = f64::INFINITY` is a shield of infinite thickness (a half space, ParamRF's
    /// default); it evaluates, and its table holds it there (see [`crate::Params`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if a diameter is not finite and positive, `t_shield` is not
    /// positive, the length is not finite and `>= 0`, or `d_in >= d_out`.
    pub fn new(
        d_in: T,
        d_out: T,
        t_shield: T,
        length: T,
        dielectric: D,
        conductor: C,
    ) -> Result<Self> {
        let positive = |x: f64| x > 0.0 && x.is_finite();
        for (name, x, ok, expected) in [
            ("d_in", d_in.re(), positive(d_in.re()), "finite and > 0"),
            ("d_out", d_out.re(), positive(d_out.re()), "finite and > 0"),
            // An infinitely thick shield is a half space (ParamRF's default).
            (
                "t_shield",
                t_shield.re(),
                t_shield.re() > 0.0,
                "> 0 (inf for a half space)",
            ),
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
        if d_in.re() >= d_out.re() {
            return Err(Error::invalid(
                "d_in",
                d_in.re(),
                format!("below d_out = {}", crate::units::num(d_out.re())),
            ));
        }
        Ok(CoaxialLine {
            d_in,
            d_out,
            t_shield,
            length,
            dielectric,
            conductor,
        })
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>> UniformLine
    for CoaxialLine<T, D, C>
{
    fn section(&self, f: T) -> LineSection<T> {
        let (a, b) = (self.d_in * 0.5, self.d_out * 0.5);
        if !(a.re() > 0.0 && a.re() < b.re() && self.t_shield.re() > 0.0) {
            let nan = Complex::new(T::from(f64::NAN), T::zero());
            return LineSection::from_zc_theta(nan, nan);
        }
        let w = omega(f);
        let log = (b / a).ln();
        let z = Complex::new(T::zero(), w * log * (MU0 / TAU))
            + self.conductor.rod_internal_impedance(f, a)
            + (self
                .conductor
                .tube_internal_impedance(f, b, b + self.t_shield));
        // Y' = j w C0' eps(f): G' = w C0' eps'', C' = C0' eps'.
        let c0 = log.recip() * (TAU * EPS0);
        let eps = self.dielectric.permittivity(f);
        let y = Complex::new(-(w * c0 * eps.im), w * c0 * eps.re);
        LineSection::from_immittance(z, y, self.length)
    }
}

line_component!(CoaxialLine<T, D, C> where T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>);
