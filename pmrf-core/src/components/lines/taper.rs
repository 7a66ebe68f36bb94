//! [`TaperedLine`]: a non-uniform line between two impedances, as a cascade of short uniform
//! sections whose impedance follows a [`TaperProfile`].

use num_complex::Complex;

use super::{C0, omega};
use crate::network::Mat;
use crate::{Error, Model, Result, Scalar};

/// How the characteristic impedance of a [`TaperedLine`] goes from `z1` to `z2` along its
/// normalised position `t` (0 at port 1, 1 at port 2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TaperProfile {
    /// `Z(t) = z1 + (z2 - z1) t` (scikit-rf `taper.Linear`).
    Linear,
    /// `Z(t) = z1 (z2 / z1)^t` (scikit-rf `taper.Exponential`).
    Exponential,
    /// Klopfenstein's taper (Proc. IRE 44, 1956, with Kajfez and Prewitt's 1973 correction):
    /// the shortest taper whose reflection stays below `ripple` (`Gamma_max`, an absolute
    /// reflection coefficient, `0 < ripple < 1`) above its cutoff. With
    /// `Gamma_0 = ln(z2 / z1) / 2` and `A = acosh(|Gamma_0| / Gamma_max)`,
    ///
    /// ```text
    /// ln Z(t) = ln(z1 z2) / 2 + Gamma_0 / cosh(A) * A^2 phi(2t - 1, A)   (0 <= t < 1)
    /// phi(x, A) = integral_0^x I1(A sqrt(1 - y^2)) / (A sqrt(1 - y^2)) dy
    /// ```
    ///
    /// so the impedance steps by `Gamma_max` at both ends. As scikit-rf's
    /// `taper.Klopfenstein`, the sample at `t = 1` is `z2` itself (the step included) while the
    /// one at `t = 0` is `z1 e^(Gamma_max)` (the step left out). Where `|Gamma_0| <= Gamma_max`
    /// no taper is needed: `A = 0` and the line is uniform at `sqrt(z1 z2)` (a step of
    /// `Gamma_0` at each end). scikit-rf's `rmax` is the relative `Gamma_max / |Gamma_0|`.
    Klopfenstein {
        /// The passband reflection `Gamma_max`.
        ripple: f64,
    },
}

impl TaperProfile {
    /// The impedance (ohm) at position `t` in `[0, 1]` of a taper from `z1` to `z2`.
    ///
    /// ```
    /// use pmrf::components::lines::TaperProfile;
    ///
    /// assert_eq!(TaperProfile::Linear.impedance(0.5, 50.0, 100.0), 75.0);
    /// let mid = TaperProfile::Exponential.impedance(0.5, 50.0, 100.0);
    /// assert!((mid - 5000f64.sqrt()).abs() < 1e-12);
    /// ```
    pub fn impedance<T: Scalar>(&self, t: f64, z1: T, z2: T) -> T {
        match *self {
            TaperProfile::Linear => z1 + (z2 - z1) * t,
            TaperProfile::Exponential => z1 * ((z2 / z1).ln() * t).exp(),
            TaperProfile::Klopfenstein { ripple } => {
                let g0 = (z2 / z1).ln() * 0.5;
                let ratio = if g0.re() < 0.0 { -g0 } else { g0 } / ripple;
                let a = if ratio.re() > 1.0 {
                    ratio.acosh()
                } else {
                    T::zero()
                };
                // scikit-rf's Heaviside terms: 1 at t = 1 only.
                let step = if t >= 1.0 { 1.0 } else { 0.0 };
                let shape = a * a * phi(2.0 * t - 1.0, a) + step;
                ((z1 * z2).ln() * 0.5 + g0 / a.cosh() * shape).exp()
            }
        }
    }

    fn check(&self) -> Result<()> {
        match *self {
            TaperProfile::Klopfenstein { ripple } if !(ripple > 0.0 && ripple < 1.0) => {
                Err(Error::invalid(
                    "ripple",
                    ripple,
                    "a reflection Gamma_max with 0 < ripple < 1",
                ))
            }
            _ => Ok(()),
        }
    }
}

/// Klopfenstein's `phi(x, A) = integral_0^x I1(A sqrt(1 - y^2)) / (A sqrt(1 - y^2)) dy` for
/// `|x| <= 1`, from the series `I1(z) / z = sum_k (z/2)^(2k) / (2 k! (k+1)!)` integrated term
/// by term: `J_k = integral_0^x (1 - y^2)^k dy = (x (1 - x^2)^k + 2k J_(k-1)) / (2k + 1)`. Every
/// term is positive in `A^2`, so the sum is accurate and differentiates in `A`.
pub(crate) fn phi<T: Scalar>(x: f64, a: T) -> T {
    let q = a * a * 0.25;
    let w = 1.0 - x * x;
    let (mut coef, mut j, mut wk) = (T::one() * 0.5, x, 1.0);
    let mut sum = coef * j;
    for k in 1..1000 {
        let kf = k as f64;
        coef = coef * q * (1.0 / (kf * (kf + 1.0)));
        wk *= w;
        j = (x * wk + 2.0 * kf * j) / (2.0 * kf + 1.0);
        let term = coef * j;
        sum += term;
        // Past the peak of the terms (k > q) and below rounding.
        if kf > q.re() && term.re().abs() <= 1e-17 * sum.re().abs() {
            break;
        }
    }
    sum
}

/// A tapered (non-uniform) TEM line from `z1` (port 1) to `z2` (port 2) ohm, `length` m long in
/// a lossless dielectric of permittivity `eps_r`: a cascade of `sections` uniform sections of
/// length `length / sections` whose impedances are the [`TaperProfile`] at `t_k = k / (sections - 1)`,
/// as scikit-rf's `taper.Taper1D` (`Linear`, `Exponential`, `Klopfenstein`) builds it.
///
/// The first section is at `z1`, the last at `z2` (`Z(1)`). The chain of ABCD matrices
/// `[[cos th, j Z_k sin th], [j sin th / Z_k, cos th]]`, `th = w sqrt(eps_r) length / (c0 sections)`,
/// is its primary domain. `z1`, `z2`, `eps_r` and `length` are parameters (derivatives are exact);
/// the profile and the section count are settings. More sections approach the continuous taper.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{TaperProfile, TaperedLine};
/// use pmrf::network::WaveDef;
///
/// // A Klopfenstein taper from 50 to 100 ohm, 10 cm in air, reflecting at most 2 % above cutoff.
/// let klop = TaperProfile::Klopfenstein { ripple: 0.02 };
/// let taper = TaperedLine::new(klop, 50.0, 100.0, 1.0, 0.1, 100)?;
/// let s = taper.s_at_z0(3e9, &[Complex::from(50.0), Complex::from(100.0)], WaveDef::Power);
/// assert!(s[0][0].norm() < 0.021);
/// assert_eq!(taper.param_names(), ["z1", "z2", "eps_r", "length"]);
/// assert!(TaperedLine::new(klop, 50.0, 100.0, 1.0, 0.1, 0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct TaperedLine<T: Scalar = f64> {
    /// Impedance at port 1, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z1: T,
    /// Impedance at port 2, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z2: T,
    /// Relative permittivity of the (lossless) dielectric.
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_r: T,
    /// Length, m.
    #[param(unit = "m", bounds = (0.0, f64::INFINITY))]
    pub length: T,
    profile: TaperProfile,
    sections: usize,
}

impl<T: Scalar> TaperedLine<T> {
    /// A taper of `profile` from `z1` to `z2` (ohm) in a dielectric `eps_r`, `length` (m) long,
    /// made of `sections` uniform sections.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the value if `z1` or `z2` is not finite and
    /// positive, `eps_r < 1`, `length` is negative or not finite, `sections` is 0, or the
    /// Klopfenstein `ripple` is outside `(0, 1)`.
    pub fn new(
        profile: TaperProfile,
        z1: T,
        z2: T,
        eps_r: T,
        length: T,
        sections: usize,
    ) -> Result<Self> {
        for (name, z) in [("z1", z1.re()), ("z2", z2.re())] {
            if !(z > 0.0 && z.is_finite()) {
                return Err(Error::invalid(name, z, "a finite impedance > 0 ohm"));
            }
        }
        if !(eps_r.re() >= 1.0 && eps_r.re().is_finite()) {
            return Err(Error::invalid(
                "eps_r",
                eps_r.re(),
                "a finite permittivity >= 1",
            ));
        }
        if !(length.re() >= 0.0 && length.re().is_finite()) {
            return Err(Error::invalid(
                "length",
                length.re(),
                "a finite length >= 0 m",
            ));
        }
        if sections == 0 {
            return Err(Error::invalid("sections", 0.0, "at least 1 section"));
        }
        profile.check()?;
        Ok(TaperedLine {
            z1,
            z2,
            eps_r,
            length,
            profile,
            sections,
        })
    }

    /// The profile.
    pub fn profile(&self) -> TaperProfile {
        self.profile
    }

    /// The number of uniform sections.
    pub fn sections(&self) -> usize {
        self.sections
    }

    /// The characteristic impedances (ohm) of the sections, port 1 to port 2.
    pub fn impedances(&self) -> Vec<T> {
        let last = (self.sections - 1).max(1) as f64;
        (0..self.sections)
            .map(|k| (self.profile).impedance(k as f64 / last, self.z1, self.z2))
            .collect()
    }

    /// A copy made of `sections` sections.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `sections` is 0.
    pub fn with_sections(mut self, sections: usize) -> Result<Self> {
        if sections == 0 {
            return Err(Error::invalid("sections", 0.0, "at least 1 section"));
        }
        self.sections = sections;
        Ok(self)
    }

    /// The frequency (Hz) above which a Klopfenstein taper's reflection stays below its
    /// ripple: where the taper is `A / (2 pi)` wavelengths long, `f_c = A c0 / (2 pi length sqrt(eps_r))`.
    /// `None` for the other profiles; `inf` for a zero length.
    pub fn cutoff(&self) -> Option<f64> {
        let TaperProfile::Klopfenstein { ripple } = self.profile else {
            return None;
        };
        let g0 = (self.z2.re() / self.z1.re()).ln().abs() * 0.5;
        let a = if g0 > ripple {
            (g0 / ripple).acosh()
        } else {
            0.0
        };
        Some(a * C0 / (std::f64::consts::TAU * self.length.re() * self.eps_r.re().sqrt()))
    }
}

/// The chain ABCD `[[a, j b], [j c, d]]` of lossless sections: `a, b, c, d` real.
type Lossless<T> = [T; 4];

impl<T: Scalar> crate::network::Component<2> for TaperedLine<T> {
    type Domain = crate::network::domain::Abcd;

    fn primary(&self, f: T) -> Mat<T, 2> {
        let n = self.sections as f64;
        let theta = omega(f) * self.eps_r.sqrt() * self.length * (1.0 / (C0 * n));
        let (sin, cos) = theta.sin_cos();
        let mut m: Lossless<T> = [T::one(), T::zero(), T::zero(), T::one()];
        for z in self.impedances() {
            let [a, b, c, d] = m;
            let (bs, cs) = (z * sin, sin / z);
            m = [
                a * cos - b * cs,
                a * bs + b * cos,
                c * cos + d * cs,
                d * cos - c * bs,
            ];
        }
        let [a, b, c, d] = m;
        let zero = T::zero();
        [
            [Complex::new(a, zero), Complex::new(zero, b)],
            [Complex::new(zero, c), Complex::new(d, zero)],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::phi;
    use num_dual::Dual64;

    #[test]
    fn phi_matches_closed_forms_and_quadrature() {
        // phi(1, A) = (cosh A - 1) / A^2, odd in x; phi(x, 0) = x / 2.
        for a in [0.5, 3.0, 9.0, 20.0] {
            let want = (f64::cosh(a) - 1.0) / (a * a);
            assert!((phi(1.0, a) / want - 1.0).abs() < 1e-14, "A = {a}");
            assert!((phi(-1.0, a) / want + 1.0).abs() < 1e-14, "A = {a}");
        }
        assert_eq!(phi(0.4, 0.0), 0.2);
        // scipy.integrate.quad of the integrand (epsrel 1e-14).
        for (x, a, want) in [
            (0.3, 2.0, 0.235520976457158),
            (-0.7, 8.0, -22.2727074602377),
            (0.95, 15.0, 7264.388736041811),
        ] {
            assert!((phi(x, a) / want - 1.0).abs() < 1e-12, "phi({x}, {a})");
        }
        // d/dA of phi(1, A) = d/dA (cosh A - 1) / A^2.
        let a = 3.0;
        let d = phi(1.0, Dual64::new(a, 1.0)).eps;
        let want = f64::sinh(a) / (a * a) - 2.0 * (f64::cosh(a) - 1.0) / (a * a * a);
        assert!((d / want - 1.0).abs() < 1e-13);
    }
}
