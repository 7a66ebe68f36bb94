//! Conversions between S, Z, Y and ABCD parameters at one frequency point.
//!
//! S-parameters are power waves (Kurokawa) referred to one real impedance `z0` (ohm) on every
//! port; for a real reference they coincide with pseudo-waves:
//!
//! * `S = (Z - z0 I)(Z + z0 I)^-1`, `Z = z0 (I + S)(I - S)^-1`
//! * `S = (I - z0 Y)(I + z0 Y)^-1`, `Y = (I - S)(I + S)^-1 / z0`
//! * ABCD (chain) parameters relate port-1 `(V1, I1)` to port-2 `(V2, -I2)`: 2-ports only.
//!
//! These are the fast path for one real reference on all ports (50 ohm in every model
//! evaluation). Per-port complex references, power or pseudo waves, and renormalisation are in
//! [`reference`](super::reference), which agrees with these functions for real `z0`.
//!
//! Every function is generic over the [`Scalar`] (so conversions differentiate) and never panics:
//! where a representation does not exist (the Z matrix of an open or of a series element, the Y
//! matrix of a short or of a shunt element, Z and Y of a thru, ABCD for `S21 = 0` ...) the result
//! is all NaN. "Does not exist" includes singular to working precision: the matrix to invert is
//! judged by [`inverse`]'s rule against the scale of the operands it was computed from, so that
//! rounding noise (an `I - S` that is singular but for the last bit) gives NaN, not `1e17` ohm.
//! Divisions are scaled ([`cmath::recip`]), so element values up to `f64::MAX` do not overflow.
//!
//! ```
//! use pmrf::Complex;
//! use pmrf::network::convert;
//!
//! // A 25 ohm series resistor between 50 ohm ports.
//! let zs = Complex::new(25.0, 0.0);
//! let one = Complex::new(1.0, 0.0);
//! let zero = Complex::new(0.0, 0.0);
//! let s = convert::a2s(&[[one, zs], [zero, one]], 50.0);
//! assert!((s[0][0] - 0.2).norm() < 1e-15); // 25 / (25 + 100)
//! assert!((s[1][0] - 0.8).norm() < 1e-15); // 100 / (25 + 100)
//! let abcd = convert::s2a(&s, 50.0);
//! assert!((abcd[0][1] - zs).norm() < 1e-13);
//! ```

use num_complex::Complex;

use super::Mat;
use super::matrix::{add, identity, inverse, inverse_scaled, mul, row_scales, scale, sub};
use crate::cmath::{ComplexExt, recip};
use crate::{Scalar, cmath};

/// A matrix of NaN: the result of a conversion through a singular matrix.
fn nan<T: Scalar, const N: usize>() -> Mat<T, N> {
    [[Complex::from_real(f64::NAN); N]; N]
}

/// `num den^-1`, or all NaN if `den` is singular against the row scales `den_scale` of the
/// operands it was computed from.
#[inline]
fn right_divide<T: Scalar, const N: usize>(
    num: &Mat<T, N>,
    den: &Mat<T, N>,
    den_scale: &[f64; N],
) -> Mat<T, N> {
    match inverse_scaled(den, den_scale) {
        Some(inv) => mul(num, &inv),
        None => nan(),
    }
}

/// The row scales of `I ± k m`: `max(1, k |m_r|)`, the size of the operands of each row.
#[inline]
fn shifted_scales<T: Scalar, const N: usize>(m: &Mat<T, N>, k: f64) -> [f64; N] {
    row_scales(m).map(|x| (k * x).max(1.0))
}

/// `a - k I` for a real `k`.
#[inline]
fn minus_diag<T: Scalar, const N: usize>(a: &Mat<T, N>, k: f64) -> Mat<T, N> {
    let mut m = *a;
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = row[i].add_f64(-k);
    }
    m
}

/// `p - q`, with a value part of exactly `0` where it is below the rounding error of `p` and
/// `q` (the derivative part is kept): a cancellation that is zero to working precision.
#[inline]
fn cancel<T: Scalar>(p: Complex<T>, q: Complex<T>) -> Complex<T> {
    let d = p - q;
    let mag = |z: Complex<T>| z.re.re().abs() + z.im.re().abs();
    if mag(d) <= 4.0 * f64::EPSILON * (mag(p) + mag(q)) {
        Complex::new(d.re - d.re.re(), d.im - d.im.re())
    } else {
        d
    }
}

/// S -> Z: `Z = z0 (I + S)(I - S)^-1`. NaN if `I - S` is singular (an open, a series element, a
/// thru), judged against the scale `max(1, |S|)` of each row (see [`inverse`]).
pub fn s2z<T: Scalar, const N: usize>(s: &Mat<T, N>, z0: f64) -> Mat<T, N> {
    let i = identity();
    let den = sub(&i, s);
    scale(
        &right_divide(&add(&i, s), &den, &shifted_scales(s, 1.0)),
        Complex::from_real(z0),
    )
}

/// Z -> S: `S = (Z - z0 I)(Z + z0 I)^-1`. NaN if `Z + z0 I` is singular.
pub fn z2s<T: Scalar, const N: usize>(z: &Mat<T, N>, z0: f64) -> Mat<T, N> {
    let scales = row_scales(z).map(|x| x.max(z0));
    right_divide(&minus_diag(z, z0), &minus_diag(z, -z0), &scales)
}

/// S -> Y: `Y = (I - S)(I + S)^-1 / z0`. NaN if `I + S` is singular (a short, a shunt
/// element, a thru), judged against the scale `max(1, |S|)` of each row.
pub fn s2y<T: Scalar, const N: usize>(s: &Mat<T, N>, z0: f64) -> Mat<T, N> {
    let i = identity();
    let den = add(&i, s);
    scale(
        &right_divide(&sub(&i, s), &den, &shifted_scales(s, 1.0)),
        Complex::from_real(1.0 / z0),
    )
}

/// The largest amplification of the rounding errors of `S` that [`s2y_checked`] accepts (it
/// loses at most about three digits).
pub const S2Y_MAX_GAIN: f64 = 1e3;

/// S -> Y as [`s2y`] (`Y z0 = 2 (I + S)^-1 - I`), but `None` where `I + S` is singular or so
/// ill conditioned that `Y` would lose more than about three digits to the rounding of `S`
/// ([`S2Y_MAX_GAIN`]): a series element far below `z0`, a series L near DC.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesR, ShuntC};
/// use pmrf::network::convert::s2y_checked;
///
/// assert!(s2y_checked(&SeriesR::new(20.0).s_at(1e9), 50.0).is_some());
/// assert!(s2y_checked(&SeriesR::new(1e-3).s_at(1e9), 50.0).is_none()); // nearly a thru
/// assert!(s2y_checked(&ShuntC::new(1e-12).s_at(1e9), 50.0).is_none()); // no Y at all
/// ```
pub fn s2y_checked<T: Scalar, const N: usize>(s: &Mat<T, N>, z0: f64) -> Option<Mat<T, N>> {
    let mag = |z: &Complex<T>| z.re.re().abs() + z.im.re().abs();
    let largest = |a: &Mat<T, N>| a.iter().flatten().map(mag).fold(0.0, f64::max);
    let inv = inverse(&add(&identity(), s))?;
    // Also rejects NaN.
    let gain = largest(&inv) * (1.0 + largest(s));
    if gain.is_nan() || gain > S2Y_MAX_GAIN {
        return None;
    }
    // Y = (2 (I + S)^-1 - I) / z0, with the one reciprocal of z0 hoisted.
    let (two_y0, y0) = (T::from(2.0 / z0), T::from(1.0 / z0));
    Some(std::array::from_fn(|r| {
        std::array::from_fn(|c| {
            let mut v = inv[r][c].scale(two_y0);
            if r == c {
                v.re -= y0;
            }
            v
        })
    }))
}

/// Y -> S: `S = (I - z0 Y)(I + z0 Y)^-1`. NaN if `I + z0 Y` is singular.
pub fn y2s<T: Scalar, const N: usize>(y: &Mat<T, N>, z0: f64) -> Mat<T, N> {
    let i = identity();
    let zy = scale(y, Complex::from_real(z0));
    right_divide(&sub(&i, &zy), &add(&i, &zy), &shifted_scales(y, z0))
}

/// Z -> Y: `Y = Z^-1`. NaN if `Z` is singular (see [`inverse`]).
pub fn z2y<T: Scalar, const N: usize>(z: &Mat<T, N>) -> Mat<T, N> {
    inverse(z).unwrap_or_else(nan)
}

/// Y -> Z: `Z = Y^-1`. NaN if `Y` is singular (see [`inverse`]).
pub fn y2z<T: Scalar, const N: usize>(y: &Mat<T, N>) -> Mat<T, N> {
    inverse(y).unwrap_or_else(nan)
}

/// ABCD -> S of a 2-port: with `den = A + B/z0 + C z0 + D`,
/// `S = [[A + B/z0 - C z0 - D, 2 (AD - BC)], [2, -A + B/z0 - C z0 + D]] / den`.
pub fn a2s<T: Scalar>(abcd: &Mat<T, 2>, z0: f64) -> Mat<T, 2> {
    let [[a, b], [cc, d]] = *abcd;
    let (bz, cz) = (b.scale_f64(1.0 / z0), cc.scale_f64(z0));
    let inv = recip(a + bz + cz + d);
    [
        [
            (a + bz - cz - d) * inv,
            (a * d - b * cc).scale_f64(2.0) * inv,
        ],
        [inv.scale_f64(2.0), (-a + bz - cz + d) * inv],
    ]
}

/// S -> ABCD of a 2-port. NaN if `S21 = 0` (no transmission).
///
/// `B` (`C`) is exactly `0` where it cancels to within rounding, as for a shunt (series) element
/// or a thru, so that [`a2y`] ([`a2z`]) of the result is NaN rather than rounding noise.
pub fn s2a<T: Scalar>(s: &Mat<T, 2>, z0: f64) -> Mat<T, 2> {
    let [[s11, s12], [s21, s22]] = *s;
    let p = s12 * s21;
    let inv = recip(s21.scale_f64(2.0));
    let (p11, m11) = ((s11).add_f64(1.0), (-s11).add_f64(1.0));
    let (p22, m22) = ((s22).add_f64(1.0), (-s22).add_f64(1.0));
    [
        [
            (p11 * m22 + p) * inv,
            cancel(p11 * p22, p).scale_f64(z0) * inv,
        ],
        [
            cancel(m11 * m22, p).scale_f64(1.0 / z0) * inv,
            (m11 * p22 + p) * inv,
        ],
    ]
}

/// ABCD -> Z of a 2-port: `Z = [[A, AD - BC], [1, D]] / C`. NaN if `C = 0` (e.g. a thru).
pub fn a2z<T: Scalar>(abcd: &Mat<T, 2>) -> Mat<T, 2> {
    let [[a, b], [cc, d]] = *abcd;
    let inv = recip(cc);
    [[a * inv, (a * d - b * cc) * inv], [inv, d * inv]]
}

/// Z -> ABCD of a 2-port: `ABCD = [[z11, det Z], [1, z22]] / z21`. NaN if `z21 = 0`.
pub fn z2a<T: Scalar>(z: &Mat<T, 2>) -> Mat<T, 2> {
    let [[z11, z12], [z21, z22]] = *z;
    let inv = cmath::recip(z21);
    [[z11 * inv, (z11 * z22 - z12 * z21) * inv], [inv, z22 * inv]]
}

/// ABCD -> Y of a 2-port: `Y = [[D, -(AD - BC)], [-1, A]] / B`. NaN if `B = 0`.
pub fn a2y<T: Scalar>(abcd: &Mat<T, 2>) -> Mat<T, 2> {
    let [[a, b], [cc, d]] = *abcd;
    let inv = recip(b);
    [[d * inv, -(a * d - b * cc) * inv], [-inv, a * inv]]
}

/// Y -> ABCD of a 2-port: `ABCD = -[[y22, 1], [det Y, y11]] / y21`. NaN if `y21 = 0`.
pub fn y2a<T: Scalar>(y: &Mat<T, 2>) -> Mat<T, 2> {
    let [[y11, y12], [y21, y22]] = *y;
    let inv = -recip(y21);
    [[y22 * inv, inv], [(y11 * y22 - y12 * y21) * inv, y11 * inv]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;
    const Z0: f64 = 50.0;

    use super::super::test_rng::Rng;

    impl Rng {
        /// A random S matrix, well inside the unit disc.
        fn s<const N: usize>(&mut self, reciprocal: bool) -> Mat<f64, N> {
            self.mat(0.6 / N as f64, C::new(0.0, 0.0), reciprocal)
        }

        /// A random, non-singular impedance (or admittance, with `unit = 1 / 50`) matrix.
        fn z<const N: usize>(&mut self, unit: f64, reciprocal: bool) -> Mat<f64, N> {
            self.mat(unit, C::new(3.0 * unit, 0.5 * unit), reciprocal)
        }

        /// A random ABCD matrix; `AD - BC = 1` if `reciprocal`.
        fn abcd(&mut self, reciprocal: bool) -> Mat<f64, 2> {
            let a = 1.0 + 0.5 * self.c();
            let b = Z0 * self.c();
            let cc = self.c() / Z0;
            let d = if reciprocal {
                (1.0 + b * cc) / a
            } else {
                1.0 + 0.5 * self.c()
            };
            [[a, b], [cc, d]]
        }
    }

    /// Largest element deviation, relative to the largest element of `b` (at least 1).
    fn dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
        let scale = b.iter().flatten().map(|z| z.norm()).fold(1.0, f64::max);
        let d = a
            .iter()
            .flatten()
            .zip(b.iter().flatten())
            .map(|(x, y)| (x - y).norm())
            .fold(0.0, f64::max);
        d / scale
    }

    fn assert_close<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>, what: &str) {
        let d = dev(a, b);
        assert!(d < 1e-12, "{what} (N = {N}): relative deviation {d:e}");
    }

    fn is_non_finite<const N: usize>(a: &Mat<f64, N>) -> bool {
        a.iter()
            .flatten()
            .any(|z| !z.re.is_finite() || !z.im.is_finite())
    }

    fn round_trips<const N: usize>(rng: &mut Rng) {
        for k in 0..40 {
            let recip = k % 2 == 0;
            let s = rng.s::<N>(recip);
            assert_close(&z2s(&s2z(&s, Z0), Z0), &s, "S -> Z -> S");
            assert_close(&y2s(&s2y(&s, Z0), Z0), &s, "S -> Y -> S");
            // Z and Y of the same network are inverse to each other.
            assert_close(&z2y(&s2z(&s, Z0)), &s2y(&s, Z0), "Z^-1 = Y");
            let z = rng.z::<N>(Z0, recip);
            assert_close(&y2z(&z2y(&z)), &z, "Z -> Y -> Z");
            assert_close(&s2z(&z2s(&z, Z0), Z0), &z, "Z -> S -> Z");
            let y = rng.z::<N>(1.0 / Z0, recip);
            assert_close(&s2y(&y2s(&y, Z0), Z0), &y, "Y -> S -> Y");
            assert_close(&z2y(&y2z(&y)), &y, "Y -> Z -> Y");
            if recip {
                let s2 = z2s(&z, Z0);
                assert_close(&s2, &transpose(&s2), "reciprocal Z gives symmetric S");
            }
        }
    }

    fn transpose<const N: usize>(a: &Mat<f64, N>) -> Mat<f64, N> {
        std::array::from_fn(|r| std::array::from_fn(|c| a[c][r]))
    }

    #[test]
    fn generic_round_trips() {
        let mut rng = Rng(1);
        round_trips::<1>(&mut rng);
        round_trips::<2>(&mut rng);
        round_trips::<3>(&mut rng);
        round_trips::<4>(&mut rng);
    }

    #[test]
    fn abcd_round_trips_and_cross_checks() {
        let mut rng = Rng(2);
        for k in 0..200 {
            let a = rng.abcd(k % 2 == 0);
            assert_close(&s2a(&a2s(&a, Z0), Z0), &a, "A -> S -> A");
            assert_close(&z2a(&a2z(&a)), &a, "A -> Z -> A");
            assert_close(&y2a(&a2y(&a)), &a, "A -> Y -> A");
            // The closed forms agree with the generic matrix conversions.
            let s = a2s(&a, Z0);
            assert_close(&a2z(&a), &s2z(&s, Z0), "a2z = s2z(a2s)");
            assert_close(&a2y(&a), &s2y(&s, Z0), "a2y = s2y(a2s)");
            let z = a2z(&a);
            assert_close(&z2s(&z, Z0), &s, "z2s(a2z) = a2s");
            assert_close(&y2a(&s2y(&s, Z0)), &a, "y2a(s2y(a2s)) = A");
            assert_close(&z2a(&s2z(&s, Z0)), &a, "z2a(s2z(a2s)) = A");
            let y = a2y(&a);
            if k % 2 == 0 {
                // Reciprocal: S12 = S21, Z12 = Z21, Y12 = Y21.
                assert!((s[0][1] - s[1][0]).norm() < 1e-13);
                assert!((z[0][1] - z[1][0]).norm() < 1e-12 * z[0][1].norm());
                assert!((y[0][1] - y[1][0]).norm() < 1e-12 * y[0][1].norm());
            }
        }
        for _ in 0..50 {
            let s = rng.s::<2>(false);
            assert_close(&a2s(&s2a(&s, Z0), Z0), &s, "S -> A -> S");
        }
    }

    #[test]
    fn series_impedance() {
        let (one, zero) = (C::new(1.0, 0.0), C::new(0.0, 0.0));
        for zs in [
            C::new(25.0, 0.0),
            C::new(3.0, 40.0),
            C::new(0.0, -120.0),
            C::new(1e3, 1.0),
        ] {
            for z0 in [50.0, 75.0] {
                let s = a2s(&[[one, zs], [zero, one]], z0);
                let den = zs + 2.0 * z0;
                assert!((s[0][0] - zs / den).norm() < 1e-15);
                assert!((s[1][1] - zs / den).norm() < 1e-15);
                assert!((s[1][0] - 2.0 * z0 / den).norm() < 1e-15);
                assert!((s[0][1] - 2.0 * z0 / den).norm() < 1e-15);
                // A series element has no Z matrix (C = 0), but a Y matrix.
                assert!(is_non_finite(&a2z(&[[one, zs], [zero, one]])));
                let y = a2y(&[[one, zs], [zero, one]]);
                assert!((y[0][0] - 1.0 / zs).norm() < 1e-15);
                assert!((y[0][1] + 1.0 / zs).norm() < 1e-15);
            }
        }
    }

    #[test]
    fn shunt_admittance() {
        let (one, zero) = (C::new(1.0, 0.0), C::new(0.0, 0.0));
        for ys in [C::new(0.02, 0.0), C::new(1e-3, -0.05), C::new(0.0, 0.1)] {
            let s = a2s(&[[one, zero], [ys, one]], Z0);
            let den = 2.0 + ys * Z0;
            assert!((s[0][0] + ys * Z0 / den).norm() < 1e-15);
            assert!((s[1][1] + ys * Z0 / den).norm() < 1e-15);
            assert!((s[1][0] - 2.0 / den).norm() < 1e-15);
            assert!((s[0][1] - 2.0 / den).norm() < 1e-15);
            let z = a2z(&[[one, zero], [ys, one]]);
            for zij in z.iter().flatten() {
                assert!((zij - 1.0 / ys).norm() < 1e-12 / ys.norm());
            }
            assert!(is_non_finite(&a2y(&[[one, zero], [ys, one]])));
        }
    }

    #[test]
    fn one_port_load() {
        for zl in [
            C::new(50.0, 0.0),
            C::new(100.0, 0.0),
            C::new(10.0, -30.0),
            C::new(0.0, 5.0),
        ] {
            let s = z2s(&[[zl]], Z0);
            let want = (zl - Z0) / (zl + Z0);
            assert!((s[0][0] - want).norm() < 1e-15);
            assert!((s2z(&s, Z0)[0][0] - zl).norm() < 1e-12 * zl.norm());
            let y = s2y(&s, Z0);
            assert!((y[0][0] - 1.0 / zl).norm() < 1e-15);
            assert!((y2s(&y, Z0)[0][0] - want).norm() < 1e-15);
        }
        // Matched load: S = 0. Open: S = 1, no Z. Short: S = -1, no Y.
        assert_eq!(z2s(&[[C::new(Z0, 0.0)]], Z0)[0][0], C::new(0.0, 0.0));
        assert!(is_non_finite(&s2z(&[[C::new(1.0, 0.0)]], Z0)));
        assert!(is_non_finite(&s2y(&[[C::new(-1.0, 0.0)]], Z0)));
        assert_eq!(s2z(&[[C::new(-1.0, 0.0)]], Z0)[0][0], C::new(0.0, 0.0));
    }

    #[test]
    fn ideal_thru() {
        let (one, zero) = (C::new(1.0, 0.0), C::new(0.0, 0.0));
        let thru_a = [[one, zero], [zero, one]];
        let thru_s = [[zero, one], [one, zero]];
        assert_eq!(a2s(&thru_a, Z0), thru_s);
        assert_eq!(s2a(&thru_s, Z0), thru_a);
        // Neither Z nor Y exist for a thru: non-finite, no panic.
        assert!(is_non_finite(&a2z(&thru_a)));
        assert!(is_non_finite(&a2y(&thru_a)));
        assert!(is_non_finite(&s2z(&thru_s, Z0)));
        assert!(is_non_finite(&s2y(&thru_s, Z0)));
        // No transmission: no ABCD.
        assert!(is_non_finite(&s2a(&[[zero, zero], [zero, zero]], Z0)));
        assert!(is_non_finite(&z2y(&[[zero; 3]; 3])));
        assert!(is_non_finite(&y2z(&[[zero; 3]; 3])));
    }

    /// Complex derivative part of a dual complex number.
    fn eps(z: Complex<Dual64>) -> C {
        C::new(z.re.eps, z.im.eps)
    }

    #[test]
    fn derivative_of_series_resistor() {
        let (one, zero) = (
            Complex::from(Dual64::from(1.0)),
            Complex::from(Dual64::from(0.0)),
        );
        for (r, x) in [(10.0, 0.0), (25.0, 40.0), (0.0, -80.0)] {
            let zs = Complex::new(Dual64::from(r).derivative(), Dual64::from(x));
            let s = a2s(&[[one, zs], [zero, one]], Z0);
            // dS11/dR = 2 z0 / (Zs + 2 z0)^2, dS21/dR = -2 z0 / (Zs + 2 z0)^2.
            let den = C::new(r + 2.0 * Z0, x);
            let want = 2.0 * Z0 / (den * den);
            assert!((eps(s[0][0]) - want).norm() < 1e-16);
            assert!((eps(s[1][0]) + want).norm() < 1e-16);
        }
    }

    fn seeded<const N: usize>(a: &Mat<f64, N>, i: usize, j: usize) -> Mat<Dual64, N> {
        std::array::from_fn(|r| {
            std::array::from_fn(|c| {
                let re = Dual64::from(a[r][c].re);
                let re = if (r, c) == (i, j) {
                    re.derivative()
                } else {
                    re
                };
                Complex::new(re, Dual64::from(a[r][c].im))
            })
        })
    }

    fn check_derivative<const N: usize>(
        a: &Mat<f64, N>,
        fd: impl Fn(&Mat<Dual64, N>) -> Mat<Dual64, N>,
        f: impl Fn(&Mat<f64, N>) -> Mat<f64, N>,
    ) {
        for i in 0..N {
            for j in 0..N {
                let d = fd(&seeded(a, i, j));
                let h = 1e-6;
                let (mut ap, mut am) = (*a, *a);
                ap[i][j] += h;
                am[i][j] -= h;
                let (fp, fm) = (f(&ap), f(&am));
                for r in 0..N {
                    for c in 0..N {
                        let cd = (fp[r][c] - fm[r][c]) / (2.0 * h);
                        let dual = eps(d[r][c]);
                        assert!(
                            (dual - cd).norm() < 1e-7 * cd.norm().max(1.0),
                            "d[{r}][{c}]/d[{i}][{j}]: {dual} vs {cd}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn derivatives_match_central_differences() {
        let mut rng = Rng(5);
        let s = rng.s::<3>(false);
        check_derivative(&s, |m| s2z(m, Z0), |m| s2z(m, Z0));
        check_derivative(&s, |m| s2y(m, Z0), |m| s2y(m, Z0));
        let z = rng.z::<3>(Z0, false);
        check_derivative(&z, |m| z2s(m, Z0), |m| z2s(m, Z0));
        let a = rng.abcd(false);
        check_derivative(&a, |m| a2s(m, Z0), |m| a2s(m, Z0));
        let s2 = rng.s::<2>(false);
        check_derivative(&s2, |m| s2a(m, Z0), |m| s2a(m, Z0));
    }
}
