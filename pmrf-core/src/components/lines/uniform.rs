//! The line core: S-parameters of one uniform section of transmission line.

use num_complex::Complex;

use crate::Scalar;
use crate::cmath::{self, ComplexExt};
use crate::network::Mat;

/// `|x| <= LIMIT` (`x = gamma^2 l^2`): the section is computed from its entire-function series
/// (exact down to DC), above it from `e^(-gamma l)`.
const SERIES_LIMIT: f64 = 1.0;

/// How a section was given.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form<T: Scalar> {
    /// Characteristic impedance and electrical length `theta = gamma l`.
    ZcTheta { zc: Complex<T>, theta: Complex<T> },
    /// Total series impedance `z = Z' l` and total shunt admittance `y = Y' l`.
    Immittance { z: Complex<T>, y: Complex<T> },
}

/// One uniform section of transmission line at one frequency: the 2-port of a line of
/// characteristic impedance `Zc` and propagation `theta = gamma l` (`gamma = alpha + j beta`
/// per metre, `l` the length), generic over the scalar so it differentiates.
///
/// This is the core every line of [`lines`](super) evaluates, and the way to write a line of
/// your own: compute `Zc` and `gamma` (or the per-unit-length series impedance `Z' = R + jwL`
/// and shunt admittance `Y' = G + jwC`) in your model's
/// [`primary`](crate::Component::primary) and return [`LineSection::s`]:
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::LineSection;
/// use pmrf::network::{Z0, domain};
///
/// /// A line with a constant attenuation (Np/m) and phase velocity (m/s).
/// #[derive(Model, Clone, Debug)]
/// struct MyLine<T: Scalar = f64> {
///     #[param(unit = "ohm", bounds = (1.0, 1e3))]
///     zc: T,
///     #[param(unit = "Np/m", bounds = (0.0, 1e3))]
///     alpha: T,
///     #[param(unit = "m", bounds = (0.0, 1e3))]
///     length: T,
/// }
///
/// impl<T: Scalar> Component<2> for MyLine<T> {
///     type Domain = domain::S;
///     fn primary(&self, f: T) -> Mat<T, 2> {
///         let beta = f * std::f64::consts::TAU / 2e8;
///         let gamma = Complex::new(self.alpha, beta);
///         LineSection::from_zc_gamma(Complex::new(self.zc, T::zero()), gamma, self.length).s(Z0)
///     }
/// }
///
/// // Matched at 50 ohm: no reflection, |S21| = e^(-alpha l).
/// let s = MyLine { zc: 50.0, alpha: 0.1, length: 2.0 }.s_at(1e9);
/// assert!(s[0][0].norm() < 1e-15);
/// assert!((s[1][0].norm() - (-0.2f64).exp()).abs() < 1e-15);
/// ```
///
/// # Formulation
///
/// With `rho = (Zc - z0) / (Zc + z0)` and `e = exp(-theta)`, the S-parameters at the real
/// reference `z0` are (Pozar, *Microwave Engineering*, 4th ed., sec. 2.3 and 4.4; the ABCD matrix
/// `[[cosh theta, Zc sinh theta], [sinh theta / Zc, cosh theta]]` in its exponential form)
///
/// ```text
/// S11 = S22 = rho (1 - e^2) / (1 - rho^2 e^2)
/// S21 = S12 = (1 - rho^2) e / (1 - rho^2 e^2)
/// ```
///
/// computed without cancellation: `1 - rho = 2 z0 / (Zc + z0)` and `1 + rho = 2 Zc / (Zc + z0)`
/// (each from whichever side is accurate), `1 - e^2 = -expm1(-2 theta)` and
/// `1 - rho^2 e^2 = (1 - rho^2) + rho^2 (1 - e^2)` (divided by `1 - rho^2` unless `|rho|` is near
/// 1, so that `theta = 0` gives exactly `S21 = 1`). Only `e^(-theta)` appears, so electrically
/// long and very lossy sections (`Re theta` in the thousands) do not overflow: they tend to the
/// reflection `rho` and no transmission, as they should. Zero length (`theta = 0`) is an exact
/// thru; so is a line at DC whose `gamma(0) = 0`. `Zc = inf` (or `0`) gives an open (short)
/// stub pair, and a thru where `theta = 0`.
///
/// A section given by its per-unit-length immittances ([`from_immittance`](Self::from_immittance))
/// is exact where `Zc = sqrt(Z'/Y')` does not exist: with total `z = Z' l`, `y = Y' l` and
/// `x = z y = theta^2`, the ABCD matrix is `[[C(x), z S(x)], [y S(x), C(x)]]` with the entire
/// functions `C(x) = cosh(sqrt x)` and `S(x) = sinh(sqrt x) / sqrt x`, evaluated from their
/// power series for `|x| <= 1` (and through `Zc = z / theta` as above beyond). At DC an RLGC
/// line with `G = 0` (`x = 0`, `Zc = sqrt(R / 0)`) is then exactly the series resistance
/// `R l`, with `G > 0` the distributed R-G ladder, and derivatives stay finite.
///
/// Other reference impedances (complex, per port): [`Component::s_at_z0`](crate::Component::s_at_z0)
/// renormalises these S-parameters exactly ([`reference`](crate::network::reference)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineSection<T: Scalar> {
    form: Form<T>,
}

impl<T: Scalar> LineSection<T> {
    /// A section of characteristic impedance `zc` (ohm) and electrical length
    /// `theta = gamma l` (complex: attenuation in Np, phase in radians).
    pub fn from_zc_theta(zc: Complex<T>, theta: Complex<T>) -> Self {
        LineSection {
            form: Form::ZcTheta { zc, theta },
        }
    }

    /// A section of characteristic impedance `zc` (ohm), propagation constant `gamma` (1/m:
    /// `alpha` Np/m `+ j beta` rad/m) and length `length` (m).
    pub fn from_zc_gamma(zc: Complex<T>, gamma: Complex<T>, length: T) -> Self {
        Self::from_zc_theta(zc, gamma * length)
    }

    /// A section of per-unit-length series impedance `z` (ohm/m, `R + jwL`), shunt admittance
    /// `y` (S/m, `G + jwC`) and length `length` (m): `Zc = sqrt(z / y)`, `gamma = sqrt(z y)`,
    /// exact also where those are `0 / 0` (see the [type docs](Self)).
    pub fn from_immittance(z: Complex<T>, y: Complex<T>, length: T) -> Self {
        let l = Complex::new(length, T::zero());
        LineSection {
            form: Form::Immittance { z: z * l, y: y * l },
        }
    }

    /// The characteristic impedance `Zc` (ohm). For a section given by its immittances this is
    /// `sqrt(z / y)` on the branch with `Re Zc >= 0`: infinite where `y = 0` (a series
    /// resistance at DC), NaN where both vanish.
    pub fn zc(&self) -> Complex<T> {
        match self.form {
            Form::ZcTheta { zc, .. } => zc,
            Form::Immittance { z, y } => {
                let x = z * y;
                if !is_zero(x) {
                    cmath::div(z, cmath::sqrt(x))
                } else if is_zero(y) && !is_zero(z) {
                    Complex::from_real(f64::INFINITY)
                } else {
                    // y != 0 = z: 0; both zero: 0 / 0, NaN.
                    cmath::sqrt(cmath::div(z, y))
                }
            }
        }
    }

    /// The electrical length `theta = gamma l`: attenuation (Np) `+ j` phase (rad), with
    /// `Re theta >= 0` for a passive line.
    pub fn theta(&self) -> Complex<T> {
        match self.form {
            Form::ZcTheta { theta, .. } => theta,
            Form::Immittance { z, y } => cmath::sqrt(z * y),
        }
    }

    /// S-parameters at the real reference impedance `z0` (ohm) on both ports; symmetric and
    /// reciprocal (`S11 = S22`, `S21 = S12`).
    pub fn s(&self, z0: f64) -> Mat<T, 2> {
        let (s11, s21) = match self.form {
            Form::ZcTheta { zc, theta } => exponential(zc, theta, z0),
            Form::Immittance { z, y } => {
                let x = z * y;
                if x.re.re().abs() + x.im.re().abs() <= SERIES_LIMIT {
                    series(z, y, x, z0)
                } else {
                    let theta = cmath::sqrt(x);
                    exponential(cmath::div(z, theta), theta, z0)
                }
            }
        };
        [[s11, s21], [s21, s11]]
    }
}

fn is_zero<T: Scalar>(x: Complex<T>) -> bool {
    x.re.re() == 0.0 && x.im.re() == 0.0
}

/// `e^w - 1` without cancellation for small `w`.
fn expm1<T: Scalar>(w: Complex<T>) -> Complex<T> {
    let (s, c) = w.im.sin_cos();
    let half = (w.im * 0.5).sin();
    // e^a cos b - 1 = expm1(a) cos b - 2 sin^2(b / 2)
    Complex::new(w.re.exp_m1() * c - half * half * 2.0, w.re.exp() * s)
}

/// `(S11, S21)` of the section `(zc, theta)` at `z0`, from `e^(-theta)`.
fn exponential<T: Scalar>(zc: Complex<T>, theta: Complex<T>, z0: f64) -> (Complex<T>, Complex<T>) {
    // p = 1 + rho = 2 Zc / (Zc + z0), q = 1 - rho = 2 z0 / (Zc + z0), p + q = 2.
    let inv = cmath::recip(zc.add_f64(z0));
    let (p, q) = if zc.re.re().abs() + zc.im.re().abs() <= z0 {
        let p = (zc * inv).scale_f64(2.0);
        (p, (-p).add_f64(2.0))
    } else {
        let q = inv.scale_f64(2.0 * z0);
        ((-q).add_f64(2.0), q)
    };
    let rho = (p - q).scale_f64(0.5);
    let e = cmath::exp(-theta);
    let one_minus_e2 = -expm1(theta.scale_f64(-2.0));
    let pq = p * q;
    let rho2 = rho * rho;
    if pq.re.re().abs() + pq.im.re().abs() >= 1e-3 {
        // Divided by 1 - rho^2 = pq: S21 = e / (1 + t), S11 = rho (1 - e^2) / (pq (1 + t)),
        // t = rho^2 (1 - e^2) / pq, so that theta = 0 is an exact thru.
        let r = cmath::recip(pq);
        let inv = cmath::recip((rho2 * one_minus_e2 * r).add_f64(1.0));
        return (rho * one_minus_e2 * r * inv, e * inv);
    }
    // Zc near 0 or inf (|rho| near 1): undivided.
    let den = pq + rho2 * one_minus_e2;
    if is_zero(den) {
        // Zc = 0 or inf at theta = 0: a section of zero electrical length is a thru.
        return (Complex::from_real(0.0), Complex::from_real(1.0));
    }
    let inv = cmath::recip(den);
    (rho * one_minus_e2 * inv, pq * e * inv)
}

/// `C(x) = cosh(sqrt x)` and `S(x) = sinh(sqrt x) / sqrt x` from their power series, for
/// `|x| <= 1` (truncation below `1 / 27! < 1e-28`).
fn cosh_sinhc<T: Scalar>(x: Complex<T>) -> (Complex<T>, Complex<T>) {
    const TERMS: usize = 13;
    // Horner: C = 1 + x/(1*2) (1 + x/(3*4) (1 + ...)), S = 1 + x/(2*3) (1 + x/(4*5) (...)).
    let one = Complex::<T>::from_real(1.0);
    let (mut c, mut s) = (one, one);
    for k in (1..=TERMS).rev() {
        let (k2, k1) = ((2 * k) as f64, (2 * k - 1) as f64);
        c = (x * c).scale_f64(1.0 / (k1 * k2)).add_f64(1.0);
        s = (x * s).scale_f64(1.0 / (k2 * (k2 + 1.0))).add_f64(1.0);
    }
    (c, s)
}

/// `(S11, S21)` of the section with total series `z` and shunt `y`, `x = z y`, from the ABCD
/// matrix `[[C, z S], [y S, C]]`.
fn series<T: Scalar>(
    z: Complex<T>,
    y: Complex<T>,
    x: Complex<T>,
    z0: f64,
) -> (Complex<T>, Complex<T>) {
    let (c, s) = cosh_sinhc(x);
    let (zn, yn) = (z.scale_f64(1.0 / z0), y.scale_f64(z0));
    let inv = cmath::recip(c.scale_f64(2.0) + s * (zn + yn));
    (s * (zn - yn) * inv, inv.scale_f64(2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;

    /// S from the textbook ABCD matrix with cosh/sinh.
    fn textbook(zc: C, theta: C, z0: f64) -> (C, C) {
        let (a, b, c) = (theta.cosh(), zc * theta.sinh(), theta.sinh() / zc);
        let den = 2.0 * a + b / z0 + c * z0;
        ((b / z0 - c * z0) / den, 2.0 / den)
    }

    #[test]
    fn both_forms_match_the_textbook_formula() {
        for zc in [C::new(50.0, 0.0), C::new(20.0, -3.0), C::new(140.0, 10.0)] {
            for theta in [
                C::new(0.0, 0.3),
                C::new(0.01, 2.0),
                C::new(0.5, 7.0),
                C::new(1e-6, 1e-5),
                C::new(3.0, 40.0),
            ] {
                let (s11, s21) = textbook(zc, theta, 50.0);
                let a = LineSection::from_zc_theta(zc, theta).s(50.0);
                let b = LineSection::from_immittance(zc * theta, theta / zc, 1.0).s(50.0);
                for m in [a, b] {
                    assert!((m[0][0] - s11).norm() < 1e-13, "{zc} {theta}");
                    assert!((m[1][0] - s21).norm() < 1e-13, "{zc} {theta}");
                }
            }
        }
    }

    #[test]
    fn series_matches_cosh_and_sinhc() {
        for x in [
            C::new(0.3, 0.4),
            C::new(-1.0, 0.0),
            C::new(0.0, -1.0),
            C::new(1e-9, 0.0),
        ] {
            let (c, s) = cosh_sinhc(x);
            let r = x.sqrt();
            assert!((c - r.cosh()).norm() < 1e-15);
            assert!((s - r.sinh() / r).norm() < 1e-15);
        }
    }

    #[test]
    fn long_and_lossy_sections_do_not_overflow() {
        let zc = C::new(60.0, -1.0);
        let s = LineSection::from_zc_theta(zc, C::new(1e4, 3e5)).s(50.0);
        let rho = (zc - 50.0) / (zc + 50.0);
        assert!((s[0][0] - rho).norm() < 1e-15 && s[1][0] == C::new(0.0, 0.0));
        let s = LineSection::from_immittance(C::new(1e3, 1e5), C::new(1e-3, 1e2), 100.0).s(50.0);
        assert!(s[0][0].norm().is_finite() && s[1][0].norm() < 1e-300);
    }

    #[test]
    fn degenerate_impedances() {
        // Zero length with Zc = 0 or inf: a thru. Otherwise a short or an open.
        for zc in [C::new(0.0, 0.0), C::new(f64::INFINITY, 0.0)] {
            let s = LineSection::from_zc_theta(zc, C::new(0.0, 0.0)).s(50.0);
            assert_eq!((s[0][0], s[1][0]), (C::new(0.0, 0.0), C::new(1.0, 0.0)));
            let s = LineSection::from_zc_theta(zc, C::new(0.0, 0.4)).s(50.0);
            let want = if zc.re == 0.0 { -1.0 } else { 1.0 };
            assert!((s[0][0] - want).norm() < 1e-15 && s[1][0].norm() < 1e-15);
        }
    }

    #[test]
    fn derivative_at_dc_is_finite() {
        // d/df of S21 of an RC line at f = 0: -(R C l^2 j w')/2 ... finite, by duals.
        let f = Dual64::from(0.0).derivative();
        let w = f * std::f64::consts::TAU;
        let z = Complex::new(Dual64::from(5.0), Dual64::from(0.0));
        let y = Complex::new(Dual64::from(0.0), w * 1e-10);
        let s = LineSection::from_immittance(z, y, Dual64::from(2.0)).s(50.0);
        assert!(s[1][0].re.eps.is_finite() && s[1][0].im.eps.is_finite());
        assert!(s[1][0].im.eps != 0.0);
    }
}
