//! S-parameters of the elementary 2-ports and the star product that chains 2-ports.
//!
//! A lumped element is an impedance `z` (or admittance `y = 1/z`) in series between port 1 and
//! port 2, or in shunt from the through line to ground. Each form here is symmetric and reciprocal
//! (`S11 = S22`, `S21 = S12`), referred to the real impedance `z0` on both ports, generic over the
//! [`Scalar`] (so it differentiates), and exact over the whole closed range of its argument:
//!
//! * one scaled reciprocal ([`cmath::recip`]), so `|z|` up to `f64::MAX` does not overflow;
//! * `S11` from whichever of two algebraically equal forms is accurate (`S11 + S21 = 1` for series
//!   elements, `S21 - S11 = 1` for shunt ones), so an infinite argument gives its limit (open,
//!   short or thru) instead of `inf * 0 = NaN`, with derivative `0`.
//!
//! Use the form whose argument stays finite in your model: `series_impedance(R)` and
//! `series_admittance(jwC)` are both exact at `R = 0` and `C = 0`.
//!
//! Cascades chain most stages faster by their ABCD matrices: components give them as
//! structured hints ([`Abcd`]: series, shunt, reciprocal or general), runs of them are multiplied
//! and joined to the other stages by the star product ([`Chain`]). On vector duals
//! ([`DualN`](crate::DualN)) the derivative of a run follows by the adjoint rule, a few complex
//! products per non-zero derivative lane of each stage.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::network::twoport;
//!
//! // A 100 ohm series resistor, then a 50 ohm shunt resistor, at 50 ohm.
//! let a = twoport::series_impedance(Complex::new(100.0, 0.0), 50.0);
//! let b = twoport::shunt_impedance(Complex::new(50.0, 0.0), 50.0);
//! assert!((a[0][0] - 0.5).norm() < 1e-15 && (a[1][0] - 0.5).norm() < 1e-15);
//! let ab = twoport::star(&a, &b);
//! // Z seen at port 1: 100 + (50 || 50) = 125 ohm, so S11 = 75 / 175.
//! assert!((ab[0][0] - 75.0 / 175.0).norm() < 1e-15);
//! ```

use num_complex::Complex;

use super::Mat;
use crate::Scalar;
use crate::cmath::{self, ComplexExt};

mod adjoint;
mod chain;

pub(crate) use adjoint::{chain_abcd, gathers_hints};
pub use chain::{
    Abcd, CHAIN_LIMIT, Chain, series_admittance_abcd, series_impedance_abcd, shunt_admittance_abcd,
    shunt_impedance_abcd,
};
pub(crate) use chain::{AbcdRun, STACK_STAGES, chain_forward, thru};

/// `true` if the value part of `w` is within `k` in the 1-norm: then `w * inv` is accurate, and
/// otherwise (large or infinite `w`) the complementary form is.
#[inline]
fn small<T: Scalar>(w: Complex<T>, k: f64) -> bool {
    w.re.re().abs() + w.im.re().abs() <= k
}

/// The symmetric, reciprocal 2-port with reflection `s11` and transmission `s21`.
#[inline]
fn symmetric<T: Scalar>(s11: Complex<T>, s21: Complex<T>) -> Mat<T, 2> {
    [[s11, s21], [s21, s11]]
}

/// S of an impedance `z` in series between the ports:
/// `S11 = z / (z + 2 z0)`, `S21 = 2 z0 / (z + 2 z0)`.
///
/// `z = 0` is a thru, `z = inf` (either part) an open (`S11 = 1`, `S21 = 0`).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::series_impedance;
///
/// let s = series_impedance(Complex::new(50.0, 0.0), 50.0);
/// assert!((s[0][0] - 1.0 / 3.0).norm() < 1e-15 && (s[1][0] - 2.0 / 3.0).norm() < 1e-15);
/// let open = series_impedance(Complex::new(f64::INFINITY, 0.0), 50.0);
/// assert_eq!((open[0][0].re, open[1][0].re), (1.0, 0.0));
/// ```
#[inline]
pub fn series_impedance<T: Scalar>(z: Complex<T>, z0: f64) -> Mat<T, 2> {
    let k = 2.0 * z0;
    let inv = cmath::recip(z.add_f64(k));
    let s21 = inv.scale_f64(k);
    let s11 = if small(z, k) {
        z * inv
    } else {
        (-s21).add_f64(1.0)
    };
    symmetric(s11, s21)
}

/// S of an admittance `y` in series between the ports:
/// `S11 = 1 / (1 + 2 z0 y)`, `S21 = 2 z0 y / (1 + 2 z0 y)`.
///
/// `y = 0` is an open, `y = inf` (either part) a thru. A series capacitor is
/// `series_admittance(jwC)`: an open at DC and at `C = 0`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::series_admittance;
///
/// let s = series_admittance(Complex::new(0.02, 0.0), 50.0); // 50 ohm
/// assert!((s[0][0] - 1.0 / 3.0).norm() < 1e-15 && (s[1][0] - 2.0 / 3.0).norm() < 1e-15);
/// let open = series_admittance(Complex::new(0.0, 0.0), 50.0);
/// assert_eq!((open[0][0].re, open[1][0].re), (1.0, 0.0));
/// ```
#[inline]
pub fn series_admittance<T: Scalar>(y: Complex<T>, z0: f64) -> Mat<T, 2> {
    let w = y.scale_f64(2.0 * z0);
    let s11 = cmath::recip(w.add_f64(1.0));
    let s21 = if small(w, 1.0) {
        w * s11
    } else {
        (-s11).add_f64(1.0)
    };
    symmetric(s11, s21)
}

/// S of an admittance `y` in shunt from the through line to ground:
/// `S11 = -z0 y / (2 + z0 y)`, `S21 = 2 / (2 + z0 y)`.
///
/// `y = 0` is a thru, `y = inf` (either part) a short (`S11 = -1`, `S21 = 0`). A shunt
/// capacitor is `shunt_admittance(jwC)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::shunt_admittance;
///
/// let s = shunt_admittance(Complex::new(0.02, 0.0), 50.0); // 50 ohm to ground
/// assert!((s[0][0] + 1.0 / 3.0).norm() < 1e-15 && (s[1][0] - 2.0 / 3.0).norm() < 1e-15);
/// let short = shunt_admittance(Complex::new(0.0, f64::INFINITY), 50.0);
/// assert_eq!((short[0][0].re, short[1][0].re), (-1.0, 0.0));
/// ```
#[inline]
pub fn shunt_admittance<T: Scalar>(y: Complex<T>, z0: f64) -> Mat<T, 2> {
    let w = y.scale_f64(z0);
    let inv = cmath::recip(w.add_f64(2.0));
    let s21 = inv.scale_f64(2.0);
    let s11 = if small(w, 2.0) {
        -(w * inv)
    } else {
        s21.add_f64(-1.0)
    };
    symmetric(s11, s21)
}

/// S of an impedance `z` in shunt from the through line to ground:
/// `S11 = -z0 / (2 z + z0)`, `S21 = 2 z / (2 z + z0)`.
///
/// `z = 0` is a short, `z = inf` (either part) a thru. A shunt resistor is
/// `shunt_impedance(R)`, a shunt inductor `shunt_impedance(jwL)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::shunt_impedance;
///
/// let s = shunt_impedance(Complex::new(50.0, 0.0), 50.0);
/// assert!((s[0][0] + 1.0 / 3.0).norm() < 1e-15 && (s[1][0] - 2.0 / 3.0).norm() < 1e-15);
/// let thru = shunt_impedance(Complex::new(1e300, 0.0), 50.0);
/// assert!(thru[0][0].norm() < 1e-298 && thru[1][0] == Complex::new(1.0, 0.0));
/// ```
#[inline]
pub fn shunt_impedance<T: Scalar>(z: Complex<T>, z0: f64) -> Mat<T, 2> {
    let w = z.scale_f64(2.0);
    let inv = cmath::recip(w.add_f64(z0));
    let s11 = inv.scale_f64(-z0);
    let s21 = if small(w, z0) {
        w * inv
    } else {
        s11.add_f64(1.0)
    };
    symmetric(s11, s21)
}

/// The star (Redheffer) product of two 2-ports: `a` followed by `b` (port 2 of `a` drives port 1
/// of `b`), all S-parameters at the same reference impedance.
///
/// With `d = 1 / (1 - a22 b11)`:
/// `S11 = a11 + a12 b11 a21 d`, `S12 = a12 b12 d`, `S21 = b21 a21 d`, `S22 = b22 + b21 a22 b12 d`.
/// Unlike chaining ABCD matrices it stays exact for stages that block transmission (`S21 = 0`).
/// NaN if `a22 b11 = 1` (a lossless resonance between the two).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::{series_impedance, shunt_impedance, star};
///
/// // Two series resistors add up: 30 + 20 ohm = 50 ohm.
/// let r = |x: f64| series_impedance(Complex::new(x, 0.0), 50.0);
/// let s = star(&r(30.0), &r(20.0));
/// let want = r(50.0);
/// for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
///     assert!((s[i][j] - want[i][j]).norm() < 1e-15);
/// }
/// // An open (infinite series R) blocks everything after it.
/// let open = series_impedance(Complex::new(f64::INFINITY, 0.0), 50.0);
/// let s = star(&open, &shunt_impedance(Complex::new(10.0, 0.0), 50.0));
/// assert_eq!((s[0][0].re, s[1][0].re), (1.0, 0.0));
/// ```
#[inline]
pub fn star<T: Scalar>(a: &Mat<T, 2>, b: &Mat<T, 2>) -> Mat<T, 2> {
    // One reciprocal instead of four divisions: the hot path of every cascade. |1 - a22 b11|
    // stays within [0, 2] for passive stages, so the plain (unscaled) reciprocal is exact here
    // and, unlike the scaled one, branch-free: 1.3x faster on a 5-stage cascade.
    let inv = (-(a[1][1] * b[0][0])).add_f64(1.0).inv();
    let (a21, b12) = (a[1][0] * inv, b[0][1] * inv);
    let s11 = a[0][0] + a[0][1] * b[0][0] * a21;
    let s12 = a[0][1] * b12;
    let s21 = b[1][0] * a21;
    let s22 = b[1][1] + b[1][0] * a[1][1] * b12;
    [[s11, s12], [s21, s22]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;
    type CD = Complex<Dual64>;
    const Z0: f64 = 50.0;

    /// The closed forms, naive but accurate for moderate arguments.
    fn naive(kind: usize, w: C) -> (C, C) {
        match kind {
            0 => (w / (w + 2.0 * Z0), 2.0 * Z0 / (w + 2.0 * Z0)),
            1 => (
                1.0 / (1.0 + 2.0 * Z0 * w),
                2.0 * Z0 * w / (1.0 + 2.0 * Z0 * w),
            ),
            2 => (-Z0 * w / (2.0 + Z0 * w), 2.0 / (2.0 + Z0 * w)),
            _ => (-Z0 / (2.0 * w + Z0), 2.0 * w / (2.0 * w + Z0)),
        }
    }

    fn form<T: Scalar>(kind: usize, w: Complex<T>) -> Mat<T, 2> {
        match kind {
            0 => series_impedance(w, Z0),
            1 => series_admittance(w, Z0),
            2 => shunt_admittance(w, Z0),
            _ => shunt_impedance(w, Z0),
        }
    }

    /// Arguments on both sides of the branch, with impedance-like and admittance-like scales.
    fn args() -> Vec<C> {
        let mut v = Vec::new();
        for scale in [1e-6, 1e-3, 0.02, 1.0, 50.0, 99.0, 101.0, 1e3, 1e6] {
            for (re, im) in [(1.0, 0.0), (0.0, 1.0), (0.0, -1.0), (0.3, 0.8), (2.0, -0.5)] {
                v.push(C::new(re, im) * scale);
            }
        }
        v
    }

    #[test]
    fn forms_match_closed_forms_to_full_relative_precision() {
        for kind in 0..4 {
            for w in args() {
                let s = form(kind, w);
                let (s11, s21) = naive(kind, w);
                assert!((s[0][0] - s11).norm() <= 4e-16 * s11.norm(), "{kind} {w}");
                assert!((s[1][0] - s21).norm() <= 4e-16 * s21.norm(), "{kind} {w}");
                assert_eq!((s[1][1], s[0][1]), (s[0][0], s[1][0]));
            }
        }
    }

    #[test]
    fn limits_at_zero_huge_and_infinite_arguments() {
        let (o, one, m1) = (C::new(0.0, 0.0), C::new(1.0, 0.0), C::new(-1.0, 0.0));
        let open = (one, o);
        let short = (m1, o);
        let thru = (o, one);
        // (form, its limit at 0, its limit at infinity)
        for (kind, at0, at_inf) in [
            (0, thru, open),
            (1, open, thru),
            (2, thru, short),
            (3, short, thru),
        ] {
            let s = form(kind, o);
            assert_eq!((s[0][0], s[1][0]), at0, "{kind} at 0");
            let inf = f64::INFINITY;
            for w in [
                C::new(inf, 0.0),
                C::new(inf, 3.0),
                C::new(0.0, inf),
                C::new(2.0, -inf),
                C::new(-inf, 1.0),
            ] {
                let s = form(kind, w);
                assert_eq!((s[0][0], s[1][0]), at_inf, "{kind} at {w}");
            }
            for d in [
                C::new(1.0, 0.0),
                C::new(0.0, 1.0),
                C::new(0.0, -1.0),
                C::new(0.6, 0.8),
            ] {
                // 2 z0 y overflows both parts of (0.6 + 0.8j) f64::MAX to inf (inf / inf = NaN).
                let max = if d.re * d.im == 0.0 { f64::MAX } else { 1e300 };
                for big in [1e160, 1e300, max] {
                    let s = form(kind, d * big);
                    let (s11, s21) = at_inf;
                    let ok = (s[0][0] - s11).norm() < 1e-150 && (s[1][0] - s21).norm() < 1e-150;
                    assert!(ok, "{kind} at {d} * {big:e}: {:?}", (s[0][0], s[1][0]));
                }
                let s = form(kind, d * 1e-300);
                assert!((s[0][0] - at0.0).norm() < 1e-290 && (s[1][0] - at0.1).norm() < 1e-290);
            }
        }
        assert!(form(0, C::new(f64::NAN, 0.0))[0][0].re.is_nan());
        assert!(form(3, C::new(f64::NAN, 0.0))[1][0].re.is_nan());
    }

    #[test]
    fn derivatives_are_exact_on_both_branches() {
        for kind in 0..4 {
            for w in args() {
                // d/dw of the analytic S(w), by duals along re, against the closed forms
                // (series: dS11 = -dS21, shunt: dS11 = dS21).
                let wd = CD::new(Dual64::from(w.re).derivative(), Dual64::from(w.im));
                let s = form(kind, wd);
                let d21 = match kind {
                    0 => -2.0 * Z0 / ((w + 2.0 * Z0) * (w + 2.0 * Z0)),
                    1 => 2.0 * Z0 / ((1.0 + 2.0 * Z0 * w) * (1.0 + 2.0 * Z0 * w)),
                    2 => -2.0 * Z0 / ((2.0 + Z0 * w) * (2.0 + Z0 * w)),
                    _ => 2.0 * Z0 / ((2.0 * w + Z0) * (2.0 * w + Z0)),
                };
                let d11 = if kind < 2 { -d21 } else { d21 };
                for (got, want) in [(s[0][0], d11), (s[1][0], d21)] {
                    let got = C::new(got.re.eps, got.im.eps);
                    assert!(
                        (got - want).norm() <= 1e-14 * want.norm(),
                        "{kind} {w}: {got} vs {want}"
                    );
                }
                // S11 + S21 (series) and S21 - S11 (shunt) are constant: their derivatives cancel.
                let sum = if kind < 2 {
                    s[0][0] + s[1][0]
                } else {
                    s[1][0] - s[0][0]
                };
                let d21 = C::new(s[1][0].re.eps, s[1][0].im.eps).norm();
                assert!(
                    C::new(sum.re.eps, sum.im.eps).norm() <= 1e-15 * d21,
                    "{kind} {w}"
                );
            }
            // Dual values at infinity are the limits (the derivative there is undefined).
            let inf = CD::new(Dual64::from(f64::INFINITY).derivative(), Dual64::from(0.0));
            let (s, want) = (form(kind, inf), form(kind, C::new(f64::INFINITY, 0.0)));
            assert_eq!(
                (s[0][0].re.re, s[1][0].re.re),
                (want[0][0].re, want[1][0].re)
            );
        }
    }

    #[test]
    fn star_matches_cascaded_abcd() {
        use crate::network::convert::{a2s, s2a};
        use crate::network::matrix::mul;
        for (x, y) in [
            (C::new(10.0, 5.0), C::new(0.01, -0.02)),
            (C::new(0.0, 80.0), C::new(0.0, 0.03)),
        ] {
            let (a, b) = (series_impedance(x, Z0), shunt_admittance(y, Z0));
            let want = a2s(&mul(&s2a(&a, Z0), &s2a(&b, Z0)), Z0);
            let got = star(&a, &b);
            for (g, w) in got.iter().flatten().zip(want.iter().flatten()) {
                assert!((g - w).norm() < 1e-14, "{g} vs {w}");
            }
        }
    }
}
