//! [`Stripline`]: Cohn's characteristic impedance with Pozar's conductor loss.

use std::f64::consts::{PI, TAU};

use num_complex::Complex;

use super::{C0, LineSection, UniformLine, line_component, omega};
use crate::components::materials::{
    BulkConductor, Conductor, ConstantDielectric, Dielectric, Substrate,
};
use crate::{Model, Scalar};

/// A symmetric stripline: a strip of width `w` (m) and length `length` (m), centred between
/// two ground planes `b = substrate.h` apart, strip thickness `t = substrate.t`.
///
/// # Model
///
/// Pozar, *Microwave Engineering*, 4th ed., sec. 3.7 (the fit to Cohn's conformal mapping,
/// S. B. Cohn, "Characteristic impedance of the shielded-strip transmission line", IRE Trans.
/// MTT 2, 1954, accurate to about 1 % for zero thickness):
///
/// ```text
/// Zc = 30 pi / sqrt(eps_r) b / (We + 0.441 b),   We / b = W / b - (0.35 - W / b)^2  if W / b < 0.35
/// ```
///
/// with `eps_r = Re eps(f)`. The TEM line is `L' = eta / c0`, `Y' = j w eps(f) / (eta c0)`
/// with the air-line impedance `eta = sqrt(eps_r) Zc` and the complex permittivity (so
/// `alpha_d = k tan delta / 2`, Pozar eq. 3.30). The conductor loss is Pozar's eq. 3.181
/// (Wheeler's incremental inductance rule), `alpha_c = R_s F / (2 Zc)` with, for
/// `eta < 120` ohm,
/// `F = 5.4e-3 eta^2 A / (30 pi (b - t))`,
/// `A = 1 + 2W/(b - t) + (1/pi) (b + t)/(b - t) ln((2b - t)/t)`, and for `eta > 120` ohm
/// `F = 0.32 B / b`, `B = 1 + b/(0.5W + 0.7t) (0.5 + 0.414 t/W + (1/2pi) ln(4 pi W/t))`;
/// it enters through the conductor's surface impedance, `Z' = j w L' + Zs F` (so `Im Zs`
/// adds the internal inductance and roughness applies). `F` jumps at `eta = 120` ohm (two
/// fits); it diverges as `t -> 0` (current crowding at the strip edges), so the conductor loss
/// needs `0 < t < b`: `t = 0` with a lossy conductor gives NaN, a
/// [`PerfectConductor`](crate::components::materials::PerfectConductor) none at any `t`.
/// `Zc` ignores `t`. No DC resistance: a thru at DC.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{Stripline, UniformLine};
/// use pmrf::components::materials::{BulkConductor, ConstantDielectric, Substrate};
///
/// // Pozar's Example 3.5: b = 3.2 mm, eps_r = 2.2, tan delta = 0.001, t = 0.01 mm, copper:
/// // W = 2.66 mm for 50 ohm; at 10 GHz alpha = 0.155 (dielectric) + 0.122 (copper) Np/m.
/// let sub = Substrate::new(3.2e-3, 0.01e-3, ConstantDielectric::new(2.2, 1e-3), BulkConductor::new(5.813e7, 1.0));
/// let line = Stripline::new(2.66e-3, 1.0, sub);
/// let section = line.section(10e9);
/// assert!((section.zc().re - 50.0).abs() < 0.1);
/// assert!((section.theta().re - 0.277).abs() < 1e-3);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Stripline<T: Scalar = f64, D = ConstantDielectric<T>, C = BulkConductor<T>> {
    /// Strip width, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub w: T,
    /// Length, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub length: T,
    /// The substrate: `h` is the ground-plane spacing `b`.
    pub substrate: Substrate<T, D, C>,
}

impl<T: Scalar, D, C> Stripline<T, D, C> {
    /// A strip of width `w` (m) and length `length` (m) in `substrate` (`h` = ground-plane
    /// spacing).
    pub fn new(w: T, length: T, substrate: Substrate<T, D, C>) -> Self {
        Stripline {
            w,
            length,
            substrate,
        }
    }

    /// The impedance of the air-filled line, `sqrt(eps_r) Zc`, ohm.
    fn eta(&self) -> T {
        let b = self.substrate.h;
        let x = self.w / b;
        let we = if x.re() < 0.35 {
            let d = -x + 0.35;
            x - d * d
        } else {
            x
        };
        (we + 0.441).recip() * (30.0 * PI)
    }

    /// The conductor-loss geometry factor `F = 2 Zc alpha_c / R_s`, 1/m.
    fn conductor_factor(&self, eta: T) -> T {
        let (b, t, w) = (self.substrate.h, self.substrate.t, self.w);
        if eta.re() < 120.0 {
            let a =
                w * 2.0 / (b - t) + (b + t) / (b - t) * ((b * 2.0 - t) / t).ln() * (1.0 / PI) + 1.0;
            eta * eta * a / (b - t) * (5.4e-3 / (30.0 * PI))
        } else {
            let bb = b / (w * 0.5 + t * 0.7)
                * (t / w * 0.414 + (w / t * (4.0 * PI)).ln() * (1.0 / TAU) + 0.5)
                + 1.0;
            bb / b * 0.32
        }
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C> Stripline<T, D, C> {
    /// The lossless characteristic impedance at `f` (Hz), ohm (`f` enters only through a
    /// dispersive dielectric).
    pub fn zc_lossless(&self, f: T) -> T {
        self.eta() / self.substrate.dielectric.permittivity(f).re.sqrt()
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>> UniformLine
    for Stripline<T, D, C>
{
    fn section(&self, f: T) -> LineSection<T> {
        let eta = self.eta();
        let w = omega(f);
        let eps = self.substrate.dielectric.permittivity(f);
        // Y' = j w eps / (eta c0) = w eps'' / (eta c0) + j w eps' / (eta c0)
        let k = w / (eta * C0);
        let y = Complex::new(-(k * eps.im), k * eps.re);
        let zs = self.substrate.conductor.surface_impedance(f);
        let mut z = Complex::new(T::zero(), w * eta * (1.0 / C0));
        if !(zs.re.re() == 0.0 && zs.im.re() == 0.0) {
            z += zs * self.conductor_factor(eta);
        }
        LineSection::from_immittance(z, y, self.length)
    }
}

line_component!(Stripline<T, D, C> where T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>);
