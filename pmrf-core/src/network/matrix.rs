//! Small dense complex matrices [`Mat<T, N>`] at one frequency point.
//!
//! Plain functions on `[[Complex<T>; N]; N]`, generic over the [`Scalar`] (so they differentiate)
//! and the port count `N` (so they stay on the stack and unroll for small `N`).
//!
//! ```
//! use pmrf::Complex;
//! use pmrf::network::matrix;
//!
//! let a = [
//!     [Complex::new(2.0, 1.0), Complex::new(0.5, 0.0)],
//!     [Complex::new(0.0, -1.0), Complex::new(3.0, 0.0)],
//! ];
//! let inv = matrix::inverse(&a).expect("regular matrix");
//! let prod = matrix::mul(&a, &inv);
//! let eye = matrix::identity::<f64, 2>();
//! for r in 0..2 {
//!     for c in 0..2 {
//!         assert!((prod[r][c] - eye[r][c]).norm() < 1e-15);
//!     }
//! }
//! ```

use num_complex::Complex;

use super::Mat;
use crate::{Scalar, cmath};

/// The complex zero.
#[inline]
fn czero<T: Scalar>() -> Complex<T> {
    Complex::new(T::zero(), T::zero())
}

/// The all-zero matrix.
#[inline]
pub fn zeros<T: Scalar, const N: usize>() -> Mat<T, N> {
    [[czero(); N]; N]
}

/// The identity matrix `I`.
#[inline]
pub fn identity<T: Scalar, const N: usize>() -> Mat<T, N> {
    let mut m = zeros();
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = Complex::new(T::one(), T::zero());
    }
    m
}

/// The diagonal matrix with `d` on its diagonal.
#[inline]
pub fn diag<T: Scalar, const N: usize>(d: &[Complex<T>; N]) -> Mat<T, N> {
    let mut m = zeros();
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = d[i];
    }
    m
}

/// The element-wise sum `a + b`.
#[inline]
pub fn add<T: Scalar, const N: usize>(a: &Mat<T, N>, b: &Mat<T, N>) -> Mat<T, N> {
    std::array::from_fn(|r| std::array::from_fn(|c| a[r][c] + b[r][c]))
}

/// The element-wise difference `a - b`.
#[inline]
pub fn sub<T: Scalar, const N: usize>(a: &Mat<T, N>, b: &Mat<T, N>) -> Mat<T, N> {
    std::array::from_fn(|r| std::array::from_fn(|c| a[r][c] - b[r][c]))
}

/// The matrix product `a b`.
#[inline]
pub fn mul<T: Scalar, const N: usize>(a: &Mat<T, N>, b: &Mat<T, N>) -> Mat<T, N> {
    std::array::from_fn(|r| {
        std::array::from_fn(|c| {
            let mut acc = czero();
            for k in 0..N {
                acc += a[r][k] * b[k][c];
            }
            acc
        })
    })
}

/// Every element multiplied by the complex factor `k`.
#[inline]
pub fn scale<T: Scalar, const N: usize>(a: &Mat<T, N>, k: Complex<T>) -> Mat<T, N> {
    std::array::from_fn(|r| std::array::from_fn(|c| a[r][c] * k))
}

/// `true` if the value parts of all elements are finite.
fn is_finite<T: Scalar, const N: usize>(a: &Mat<T, N>) -> bool {
    a.iter()
        .flatten()
        .all(|z| z.re.re().is_finite() && z.im.re().is_finite())
}

/// `|re| + |im|` of the value part: a modulus that cannot overflow before `f64::MAX`.
#[inline]
fn mag<T: Scalar>(z: &Complex<T>) -> f64 {
    z.re.re().abs() + z.im.re().abs()
}

/// The relative size below which a pivot counts as zero, per port: `N * PIVOT_EPS` relative
/// to the scale of its row (see [`inverse`]).
pub const PIVOT_EPS: f64 = 4.0 * f64::EPSILON;

/// The largest element (by `|re| + |im|`) of each row: the scale [`inverse`] judges pivots by.
#[inline]
pub fn row_scales<T: Scalar, const N: usize>(a: &Mat<T, N>) -> [f64; N] {
    a.map(|row| row.iter().map(mag).fold(0.0, f64::max))
}

/// The inverse `a^-1`, or `None` if `a` is singular to working precision.
///
/// Gauss-Jordan elimination with scaled partial pivoting (a closed form for `N = 1, 2`). A pivot
/// is zero when it is at most `N * PIVOT_EPS` times the scale of its row, the row's largest
/// element (so a row condition number beyond about `1 / (N eps)`): such a matrix is singular
/// within the rounding of its elements, and its "inverse" would be rounding noise blown up to
/// `1e15` or more. The rule is invariant to scaling rows, so a well-conditioned but badly scaled
/// matrix such as `diag(1e-200, 1e200)` inverts exactly. Also `None` if an element is NaN or
/// the inverse overflows. For `N = 1` only `0` is singular.
///
/// ```
/// use pmrf::Complex;
/// use pmrf::network::matrix::inverse;
///
/// let (o, one) = (Complex::new(0.0, 0.0), Complex::new(1.0, 0.0));
/// let inv = inverse(&[[one * 1e-200, o], [o, one * 1e200]]).expect("badly scaled, not singular");
/// assert_eq!((inv[0][0].re, inv[1][1].re), (1e200, 1e-200));
/// // Singular up to the last bit: 1/3 and 2/3 in binary are not exactly 1:2.
/// let third = Complex::new(1.0 / 3.0, 0.0);
/// assert!(inverse(&[[third, third * 2.0], [one, one * 2.0]]).is_none());
/// ```
pub fn inverse<T: Scalar, const N: usize>(a: &Mat<T, N>) -> Option<Mat<T, N>> {
    inverse_scaled(a, &row_scales(a))
}

/// [`inverse`] with pivots judged against `scale[r]` for row `r` instead of its largest element.
///
/// Use it when the rows of `a` were computed from larger operands, which set their rounding
/// error: `I - S` is singular to working precision when its pivots are tiny against
/// `max(1, |S_r|)`, although they may be large against the (cancelled) elements of `I - S`.
/// `scale[r]` must be at least the largest element of row `r`.
pub fn inverse_scaled<T: Scalar, const N: usize>(
    a: &Mat<T, N>,
    scale: &[f64; N],
) -> Option<Mat<T, N>> {
    super::assert_ports!(N);
    let tol = N as f64 * PIVOT_EPS;
    let inv = match N {
        0 => return Some(*a),
        1 => {
            if mag(&a[0][0]) <= tol * scale[0] {
                return None;
            }
            let mut m = *a;
            m[0][0] = cmath::recip(a[0][0]);
            m
        }
        2 => {
            let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
            // The rounding error the row scales put on det.
            let err = scale[0] * (mag(&a[1][0]) + mag(&a[1][1]))
                + scale[1] * (mag(&a[0][0]) + mag(&a[0][1]));
            let size = mag(&det);
            if size.is_nan() || size <= tol * err {
                return None;
            }
            let d = cmath::recip(det);
            let mut m = *a;
            m[0][0] = a[1][1] * d;
            m[0][1] = -a[0][1] * d;
            m[1][0] = -a[1][0] * d;
            m[1][1] = a[0][0] * d;
            m
        }
        _ => gauss_jordan(a, scale, tol)?,
    };
    is_finite(&inv).then_some(inv)
}

/// Gauss-Jordan elimination with scaled partial pivoting; `None` on a pivot at most `tol`
/// relative to its row's scale (or NaN).
fn gauss_jordan<T: Scalar, const N: usize>(
    a: &Mat<T, N>,
    scale: &[f64; N],
    tol: f64,
) -> Option<Mat<T, N>> {
    let mut m = *a;
    let mut inv = identity::<T, N>();
    // One reciprocal per row instead of a division per candidate pivot (0 * inf = NaN as
    // 0 / 0, x * inf = inf as x / 0).
    let mut inv_scale = scale.map(|s| 1.0 / s);
    for col in 0..N {
        // The candidate largest relative to its row's scale (0 / 0 = NaN is never chosen).
        let rel = |r: usize, row: &[Complex<T>; N]| mag(&row[col]) * inv_scale[r];
        let (mut p, mut best) = (col, rel(col, &m[col]));
        for (r, row) in m.iter().enumerate().skip(col + 1) {
            let v = rel(r, row);
            if v > best || best.is_nan() {
                (p, best) = (r, v);
            }
        }
        if best.is_nan() || best <= tol {
            return None;
        }
        m.swap(col, p);
        inv.swap(col, p);
        inv_scale.swap(col, p);
        let d = cmath::recip(m[col][col]);
        for c in 0..N {
            m[col][c] *= d;
            inv[col][c] *= d;
        }
        for r in 0..N {
            if r == col {
                continue;
            }
            let f = m[r][col];
            for c in 0..N {
                m[r][c] -= f * m[col][c];
                inv[r][c] -= f * inv[col][c];
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;

    use super::super::test_rng::Rng;

    /// A random, diagonally weighted (well-conditioned) matrix.
    fn random<const N: usize>(rng: &mut Rng) -> Mat<f64, N> {
        rng.mat(1.0, C::new(2.0, 0.5), false)
    }

    fn max_dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
        a.iter()
            .flatten()
            .zip(b.iter().flatten())
            .map(|(x, y)| (x - y).norm())
            .fold(0.0, f64::max)
    }

    fn check_inverse<const N: usize>(rng: &mut Rng) {
        for _ in 0..50 {
            let a = random::<N>(rng);
            let inv = inverse(&a).expect("regular");
            let eye = identity::<f64, N>();
            assert!(
                max_dev(&mul(&a, &inv), &eye) < 1e-13,
                "N = {N}: A inv(A) != I"
            );
            assert!(
                max_dev(&mul(&inv, &a), &eye) < 1e-13,
                "N = {N}: inv(A) A != I"
            );
            // Row swaps: a permuted matrix needs pivoting.
            let mut p = a;
            p.reverse();
            let pinv = inverse(&p).expect("regular");
            assert!(max_dev(&mul(&p, &pinv), &eye) < 1e-13, "N = {N}: permuted");
        }
    }

    #[test]
    fn inverse_of_random_matrices() {
        let mut rng = Rng(7);
        check_inverse::<1>(&mut rng);
        check_inverse::<2>(&mut rng);
        check_inverse::<3>(&mut rng);
        check_inverse::<4>(&mut rng);
        check_inverse::<5>(&mut rng);
        check_inverse::<8>(&mut rng);
    }

    #[test]
    fn inverse_needs_pivoting() {
        // Zero on the diagonal: fails without row exchange.
        let o = C::new(0.0, 0.0);
        let a: Mat<f64, 3> = [
            [o, C::new(1.0, 0.0), o],
            [C::new(0.0, 2.0), o, o],
            [o, o, C::new(4.0, 0.0)],
        ];
        let inv = inverse(&a).unwrap();
        assert!(max_dev(&mul(&a, &inv), &identity()) < 1e-15);
        assert_eq!(inv[0][1], C::new(0.0, -0.5));
        assert_eq!(inv[1][0], C::new(1.0, 0.0));
        assert_eq!(inv[2][2], C::new(0.25, 0.0));
    }

    #[test]
    fn singular_matrices_give_none() {
        let o = C::new(0.0, 0.0);
        let one = C::new(1.0, 0.0);
        assert!(inverse::<f64, 1>(&[[o]]).is_none());
        assert!(inverse(&[[one, C::new(2.0, 1.0)], [one, C::new(2.0, 1.0)]]).is_none());
        // Row 0 = 2 * row 1 (exact in floating point, so the last pivot is exactly zero).
        let r = [one, C::new(0.0, 2.0), C::new(0.5, 0.0)];
        let r2 = r.map(|z| z * 2.0);
        assert!(inverse(&[r2, r, [one, o, one]]).is_none());
        assert!(inverse(&zeros::<f64, 4>()).is_none());
        let nan = C::new(f64::NAN, 0.0);
        assert!(inverse(&[[nan, o], [o, one]]).is_none());
        assert!(inverse(&[[nan, o, o], [o, one, o], [o, o, one]]).is_none());
        // Overflowing inverse.
        assert!(inverse::<f64, 1>(&[[C::new(1e-320, 0.0)]]).is_none());
    }

    #[test]
    fn elementwise_helpers() {
        let mut rng = Rng(3);
        let a = random::<3>(&mut rng);
        let b = random::<3>(&mut rng);
        let k = C::new(0.5, -2.0);
        let s = add(&a, &b);
        let d = sub(&a, &b);
        let ks = scale(&a, k);
        for r in 0..3 {
            for c in 0..3 {
                assert_eq!(s[r][c], a[r][c] + b[r][c]);
                assert_eq!(d[r][c], a[r][c] - b[r][c]);
                assert_eq!(ks[r][c], a[r][c] * k);
                let p: C = (0..3).map(|i| a[r][i] * b[i][c]).sum();
                assert!((mul(&a, &b)[r][c] - p).norm() < 1e-15);
            }
        }
        assert_eq!(mul(&a, &identity()), a);
        assert_eq!(add(&a, &zeros()), a);
        let dg = diag(&[C::new(1.0, 0.0), C::new(2.0, 0.0), C::new(0.0, 3.0)]);
        assert_eq!(dg[2][2], C::new(0.0, 3.0));
        assert_eq!(dg[0][1], C::new(0.0, 0.0));
        assert_eq!(diag(&[C::new(1.0, 0.0); 3]), identity());
        let dinv = inverse(&dg).unwrap();
        assert_eq!(dinv[1][1], C::new(0.5, 0.0));
    }

    /// `a` on duals, with derivative `da` seeded on element `(i, j)` (real part).
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

    fn check_inverse_derivative<const N: usize>(rng: &mut Rng) {
        let a = random::<N>(rng);
        let inv = inverse(&a).unwrap();
        for (i, j) in [(0, 0), (N - 1, 0), (0, N - 1), (N / 2, N / 2)] {
            let d = inverse(&seeded(&a, i, j)).unwrap();
            let h = 1e-6;
            let (mut ap, mut am) = (a, a);
            ap[i][j] += h;
            am[i][j] -= h;
            let (ip, im) = (inverse(&ap).unwrap(), inverse(&am).unwrap());
            for r in 0..N {
                for c in 0..N {
                    let dual = C::new(d[r][c].re.eps, d[r][c].im.eps);
                    let value = C::new(d[r][c].re.re, d[r][c].im.re);
                    assert!((value - inv[r][c]).norm() < 1e-14);
                    let cd = (ip[r][c] - im[r][c]) / (2.0 * h);
                    assert!((dual - cd).norm() < 1e-8, "N = {N}: {dual} vs {cd}");
                    // Closed form: d(A^-1) = -A^-1 dA A^-1.
                    let exact = -inv[r][i] * inv[j][c];
                    assert!((dual - exact).norm() < 1e-13, "N = {N}: {dual} vs {exact}");
                }
            }
        }
    }

    #[test]
    fn inverse_derivative_on_duals() {
        let mut rng = Rng(11);
        check_inverse_derivative::<1>(&mut rng);
        check_inverse_derivative::<2>(&mut rng);
        check_inverse_derivative::<3>(&mut rng);
        check_inverse_derivative::<4>(&mut rng);
    }
}
