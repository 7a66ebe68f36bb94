//! [`CoplanarWaveguide`]: Ghione-Naldi quasi-static model with Frankel-Gevorgian dispersion.

use std::f64::consts::PI;

use num_complex::Complex;

use super::{C0, LineSection, UniformLine, line_component, omega, pow0, sqrt0};
use crate::components::materials::{
    BulkConductor, Conductor, ConstantDielectric, Dielectric, Substrate,
};
use crate::constants::ETA0;
use crate::{Error, Model, Result, Scalar};

/// A coplanar waveguide: a centre strip of width `w` between two gaps of width `s` (m) in a
/// ground metallisation, `length` (m) long, on a [`Substrate`] of height `h` and metal thickness
/// `t`; without a metal backside ([`new`](Self::new)) or over a ground plane at depth `h`
/// ([`grounded`](Self::grounded), CPWG).
///
/// # Model
///
/// As scikit-rf's `CPW`, with `eps_r = Re eps(f)`, `k1 = w / (w + 2 s)` and
/// `q(k) = K(k) / K'(k)` (Hilberg's approximation, 2 ppm):
///
/// 1. **Quasi-static** (G. Ghione and C. Naldi, Electron. Lett. 20(4), 1984, air backside;
///    Electron. Lett. 19(18), 1983, metal backside): air backside
///    `eps_eff = 1 + (eps_r - 1) q(k2) / (2 q(k1))`, `Zr = eta0 / (4 q(k1))`,
///    `k2 = sinh(pi w / 4h) / sinh(pi (w + 2s) / 4h)`; metal backside
///    `eps_eff = 1 + (eps_r - 1) q(k3) / (q(k1) + q(k3))`, `Zr = eta0 / (2 (q(k1) + q(k3)))`,
///    `k3 = tanh(pi w / 4h) / tanh(pi (w + 2s) / 4h)`. Strip thickness `t > 0` (Gupta et al.,
///    *Microstrip Lines and Slotlines*, 2nd ed., eqs. 7.98-7.100): `k1 -> ke` in `Zr`,
///    `ke = k1 + (1 - k1^2) d / 2s`, `d = 1.25 t / pi (1 + ln(4 pi w / t))`, and
///    `eps_eff -= 0.7 (eps_eff - 1) (t/s) / (q(k1) + 0.7 t/s)`. `Zc0 = Zr / sqrt(eps_eff)`.
/// 2. **Dispersion** (Frankel et al., IEEE T-MTT 39(6), 1991; Gevorgian et al., IEE Proc. MAP
///    144(2), 1997): `sqrt eps_eff(f) = sqrt eps_eff + (sqrt eps_r - sqrt eps_eff) /
///    (1 + G (f / f_TE)^-1.8)`, `f_TE = c0 / (4 h sqrt(eps_r - 1))`, `G = exp(u ln(w/s) + v)`,
///    `p = ln(w/h)`, `u = 0.54 - (0.64 - 0.015 p) p`, `v = 0.43 - (0.86 - 0.54 p) p`; and
///    `Zc(f) = Zc0 sqrt(eps_eff / eps_eff(f))`.
/// 3. **Line**: the quasi-TEM line `L' = Zc sqrt(eps_eff(f)) / c0`,
///    `C' = sqrt(eps_eff(f)) / (Zc c0)`, with
///    * dielectric loss through the filling factor `q = (eps_eff(f) - 1) / (eps_r - 1)`:
///      `Y' = j w C' (1 - j q eps'' / eps_eff(f))`, i.e. scikit-rf's
///      `alpha_d = pi / lambda0 q eps_r tand / sqrt(eps_eff)`;
///    * conductor loss (Ghione, IEEE T-MTT 41(9), 1993, Wheeler's incremental inductance) through
///      the conductor's surface impedance, `Z' = j w L' + Zs F` with
///      `F = Zc sqrt(eps_eff(f)) A / (2 eta0 K(k1) K'(k1) (1 - k1^2))`,
///      `A = (pi + ln(n w/2)) / (w/2) + (pi + ln(n (w/2 + s))) / (w/2 + s)`,
///      `n = 8 pi (1 - k1) / (t (1 + k1))`, i.e. `alpha_c = Re(Zs) F / (2 Zc)`. It needs
///      `t > 0` (the loss diverges at the edges of an infinitely thin strip): `t = 0` with a lossy
///      conductor gives NaN, a
///      [`PerfectConductor`](crate::components::materials::PerfectConductor) none. The
///      ground plane of a CPWG adds no conductor loss (as scikit-rf).
///
/// `K` here is the complete elliptic integral of modulus `k1` (computed exactly, by the
/// arithmetic-geometric mean). scikit-rf 2.2 passes `k1` to `scipy.special.ellipk`, whose
/// argument is the parameter `m = k^2`, so its conductor loss differs from this one (by
/// about 10 % for `k1 = 0.5`); `Zc` and `eps_eff` agree to rounding.
/// No DC resistance: a thru at DC. The substrate must be non-magnetic.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{CoplanarWaveguide, UniformLine};
/// use pmrf::components::materials::{BulkConductor, ConstantDielectric, Substrate};
///
/// // A 50 ohm line on 635 um alumina: w = 250 um, s = 100 um (thin metal).
/// let alumina = Substrate::new(635e-6, 0.0, ConstantDielectric::new(9.8, 0.0), BulkConductor::copper());
/// let cpw = CoplanarWaveguide::new(250e-6, 100e-6, 1e-3, alumina)?;
/// assert!((cpw.zc_lossless(1e6) - 50.0).abs() < 1.0);
/// // eps_eff is about (eps_r + 1) / 2 on a thick substrate.
/// assert!((cpw.eps_eff(1e6) / 5.4 - 1.0).abs() < 0.03);
/// assert_eq!(cpw.param_names()[..3], ["w", "s", "length"]);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct CoplanarWaveguide<T: Scalar = f64, D = ConstantDielectric<T>, C = BulkConductor<T>> {
    /// Centre strip width, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub w: T,
    /// Gap between strip and ground, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub s: T,
    /// Length, m.
    #[param(unit = "m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub length: T,
    /// The substrate: `h` its height (the depth of the backside ground plane of a CPWG).
    pub substrate: Substrate<T, D, C>,
    /// A ground plane under the substrate (CPWG).
    grounded: bool,
}

impl<T: Scalar, D, C> CoplanarWaveguide<T, D, C> {
    /// A CPW without a metal backside: strip `w`, gaps `s`, `length` (m) on `substrate`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `w`, `s` or the substrate's `h` is not finite and
    /// positive, `t` or `length` not finite and `>= 0`.
    pub fn new(w: T, s: T, length: T, substrate: Substrate<T, D, C>) -> Result<Self> {
        Self::build(w, s, length, substrate, false)
    }

    /// A grounded CPW (CPWG): as [`new`](Self::new), with a ground plane under the substrate.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    pub fn grounded(w: T, s: T, length: T, substrate: Substrate<T, D, C>) -> Result<Self> {
        Self::build(w, s, length, substrate, true)
    }

    fn build(w: T, s: T, length: T, substrate: Substrate<T, D, C>, grounded: bool) -> Result<Self> {
        let positive = |x: f64| x > 0.0 && x.is_finite();
        let non_negative = |x: f64| x >= 0.0 && x.is_finite();
        let (h, t) = (substrate.h.re(), substrate.t.re());
        for (name, x, ok, expected) in [
            ("w", w.re(), positive(w.re()), "finite and > 0"),
            ("s", s.re(), positive(s.re()), "finite and > 0"),
            ("substrate.h", h, positive(h), "finite and > 0"),
            ("substrate.t", t, non_negative(t), "finite and >= 0"),
            (
                "length",
                length.re(),
                non_negative(length.re()),
                "finite and >= 0",
            ),
        ] {
            if !ok {
                return Err(Error::invalid(name, x, expected));
            }
        }
        Ok(CoplanarWaveguide {
            w,
            s,
            length,
            substrate,
            grounded,
        })
    }

    /// Whether the line has a ground plane under the substrate (CPWG).
    pub fn is_grounded(&self) -> bool {
        self.grounded
    }
}

/// The quasi-static and dispersive characteristics at one frequency.
struct Characteristics<T> {
    /// `Zc(f)`, ohm.
    zc: T,
    /// `eps_eff(f)`.
    eps_eff: T,
    /// Filling factor `(eps_eff(f) - 1) / (eps_r - 1)`.
    q: T,
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C> CoplanarWaveguide<T, D, C> {
    /// The effective permittivity `eps_eff(f)` at `f` (Hz), with dispersion.
    pub fn eps_eff(&self, f: T) -> T {
        let er = self.substrate.dielectric.permittivity(f).re;
        self.characteristics(f, er).eps_eff
    }

    /// The lossless characteristic impedance `Zc(f)` at `f` (Hz), ohm, with dispersion.
    pub fn zc_lossless(&self, f: T) -> T {
        let er = self.substrate.dielectric.permittivity(f).re;
        self.characteristics(f, er).zc
    }

    fn characteristics(&self, f: T, er: T) -> Characteristics<T> {
        let (w, s, h, t) = (self.w, self.s, self.substrate.h, self.substrate.t);
        let (a, b) = (w, w + s * 2.0);
        let k1 = a / b;
        let q1 = k_ratio(k1);
        // Quasi-static filling factor (eps_eff - 1) / (eps_r - 1) and Zr = Zc sqrt(eps_eff).
        let (q3, mut fill, mut zr) = if self.grounded {
            let k3 = (a * (PI / 4.0) / h).tanh() / (b * (PI / 4.0) / h).tanh();
            let q3 = k_ratio(k3);
            (q3, q3 / (q1 + q3), (q1 + q3).recip() * (ETA0 / 2.0))
        } else {
            let k2 = (a * (PI / 4.0) / h).sinh() / (b * (PI / 4.0) / h).sinh();
            (T::zero(), k_ratio(k2) / q1 * 0.5, q1.recip() * (ETA0 / 4.0))
        };
        if t.re() > 0.0 {
            let d = t * (1.25 / PI) * ((w / t * (4.0 * PI)).ln() + 1.0);
            let qe = k_ratio(k1 + (-(k1 * k1) + 1.0) * d / (s * 2.0));
            zr = if self.grounded {
                (qe + q3).recip() * (ETA0 / 2.0)
            } else {
                qe.recip() * (ETA0 / 4.0)
            };
            let ts = t / s * 0.7;
            fill *= -(ts / (q1 + ts)) + 1.0;
        }
        let e0 = fill * (er - 1.0) + 1.0;
        // Dispersion: sqrt e(f) = sqrt e0 + (sqrt er - sqrt e0) x / (x + G), x = (f / f_TE)^1.8.
        let p = (w / h).ln();
        let u = -(-(p * 0.015) + 0.64) * p + 0.54;
        let v = -(-(p * 0.54) + 0.86) * p + 0.43;
        let g = ((w / s).ln() * u + v).exp();
        let x = pow0(f * h * sqrt0(er - 1.0) * (4.0 / C0), 1.8);
        let sq0 = e0.sqrt();
        let sq = sq0 + (er.sqrt() - sq0) * x / (x + g);
        let eps_eff = sq * sq;
        let q = if er.re() == 1.0 {
            fill
        } else {
            (eps_eff - 1.0) / (er - 1.0)
        };
        Characteristics {
            zc: zr / sq,
            eps_eff,
            q,
        }
    }
}

impl<T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>> UniformLine
    for CoplanarWaveguide<T, D, C>
{
    fn section(&self, f: T) -> LineSection<T> {
        let eps = self.substrate.dielectric.permittivity(f);
        let ch = self.characteristics(f, eps.re);
        let w = omega(f);
        let sq = ch.eps_eff.sqrt();
        let l = ch.zc * sq * (1.0 / C0);
        let c = sq / (ch.zc * C0);
        // Y' = j w C' (1 - j q eps'' / eps_eff), eps'' = -Im eps.
        let y = Complex::new(-(w * c * ch.q * eps.im / ch.eps_eff), w * c);
        let mut z = Complex::new(T::zero(), w * l);
        let zs = self.substrate.conductor.surface_impedance(f);
        if !(zs.re.re() == 0.0 && zs.im.re() == 0.0) {
            z += zs * self.conductor_factor(ch.zc * sq);
        }
        LineSection::from_immittance(z, y, self.length)
    }
}

impl<T: Scalar, D, C> CoplanarWaveguide<T, D, C> {
    /// Ghione's conductor-loss factor `F = 2 Zc alpha_c / R_s` (1/m), given `Zc sqrt(eps_eff)`.
    fn conductor_factor(&self, zr: T) -> T {
        let (w, s, t) = (self.w, self.s, self.substrate.t);
        let k1 = w / (w + s * 2.0);
        let n = (-k1 + 1.0) / (t * (k1 + 1.0)) * (8.0 * PI);
        let (a, b) = (w * 0.5, w * 0.5 + s);
        let sum = ((n * a).ln() + PI) / a + ((n * b).ln() + PI) / b;
        let kp = (-(k1 * k1) + 1.0).sqrt();
        let den = elliptic_k(k1) * elliptic_k(kp) * (-(k1 * k1) + 1.0) * (2.0 * ETA0);
        zr * sum / den
    }
}

line_component!(CoplanarWaveguide<T, D, C> where T: Scalar, D: Dielectric<Scalar = T>, C: Conductor<Scalar = T>);

/// `K(k) / K'(k)` for `0 < k < 1` (Hilberg's approximation, relative error about 2 ppm, as
/// scikit-rf and Qucs).
fn k_ratio<T: Scalar>(k: T) -> T {
    let log = |x: T| {
        let r = x.sqrt();
        ((r + 1.0) * 2.0 / (-r + 1.0)).ln()
    };
    if k.re() < std::f64::consts::FRAC_1_SQRT_2 {
        log((-(k * k) + 1.0).sqrt()).recip() * PI
    } else {
        log(k) * (1.0 / PI)
    }
}

/// The complete elliptic integral of the first kind `K(k)` of modulus `0 <= k < 1`:
/// `pi / (2 AGM(1, sqrt(1 - k^2)))`.
pub(crate) fn elliptic_k<T: Scalar>(k: T) -> T {
    let (mut a, mut b) = (T::one(), (-(k * k) + 1.0).sqrt());
    // Quadratic convergence: 6 steps reach 1e-16 for k' >= 1e-10.
    for _ in 0..40 {
        if (a.re() - b.re()).abs() <= 1e-16 * a.re() {
            break;
        }
        let m = (a + b) * 0.5;
        b = (a * b).sqrt();
        a = m;
    }
    (a * 2.0).recip() * PI
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elliptic_k_matches_known_values() {
        // K(0) = pi/2, K(1/sqrt 2) = Gamma(1/4)^2 / (4 sqrt pi) = 1.854074677301372.
        assert!((elliptic_k(0.0) - PI / 2.0).abs() < 1e-15);
        assert!(
            (elliptic_k(std::f64::consts::FRAC_1_SQRT_2) - 1.854_074_677_301_372).abs() < 1e-14
        );
        // Hilberg's ratio agrees with the exact one to 2 ppm.
        for k in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let exact = elliptic_k(k) / elliptic_k((1.0f64 - k * k).sqrt());
            assert!((k_ratio(k) / exact - 1.0).abs() < 3e-6, "{k}");
        }
    }
}
