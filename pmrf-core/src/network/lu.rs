//! The one dense complex LU solver of the crate, generic over the scalar (exact on dual
//! numbers), skipping the zeros of sparse systems: the circuit solvers use it, and the
//! Touchstone reader to turn Z and Y into S.

use num_complex::Complex;

use crate::Scalar;

/// Gaussian elimination with partial pivoting of the `n x n` left block of the row-major
/// `n x width` matrix `a`, applied to the right-hand sides in its other columns, which end up
/// holding the solution (the diagonal holds the pivots' inverses). `false` if the matrix is
/// singular: a pivot at most `tol` times the left block's largest element (or NaN).
pub(crate) fn lu_solve<T: Scalar>(a: &mut [Complex<T>], n: usize, width: usize, tol: f64) -> bool {
    let mag = |z: &Complex<T>| z.re.re().abs() + z.im.re().abs();
    let largest = (a.chunks_exact(width))
        .flat_map(|row| row[..n].iter().map(mag))
        .fold(0.0, f64::max);
    let floor = tol * largest;
    for col in 0..n {
        let (mut best, mut pivot) = (col, mag(&a[col * width + col]));
        for r in col + 1..n {
            let m = mag(&a[r * width + col]);
            if m > pivot {
                (best, pivot) = (r, m);
            }
        }
        if pivot <= floor || pivot.is_nan() {
            return false;
        }
        if best != col {
            for c in col..width {
                a.swap(col * width + c, best * width + c);
            }
        }
        let (top, rest) = a.split_at_mut((col + 1) * width);
        let prow = &mut top[col * width..];
        let inv = prow[col].inv();
        prow[col] = inv;
        for row in rest.chunks_exact_mut(width).take(n - col - 1) {
            if is_zero(&row[col]) {
                continue; // already eliminated
            }
            let factor = row[col] * inv;
            // Circuit systems are sparse: update only where the pivot row is not zero.
            for (x, p) in row[col + 1..].iter_mut().zip(&prow[col + 1..]) {
                if !is_zero(p) {
                    *x -= factor * p;
                }
            }
        }
    }
    // Back substitution on the right-hand sides.
    for col in (0..n).rev() {
        let (top, rest) = a.split_at_mut((col + 1) * width);
        let row = &mut top[col * width..];
        let inv = row[col]; // the pivot's inverse, stored by the elimination
        for r in col + 1..n {
            let m = row[r];
            if is_zero(&m) {
                continue;
            }
            let sol = &rest[(r - col - 1) * width + n..(r - col) * width];
            for (x, s) in row[n..].iter_mut().zip(sol) {
                *x -= m * s;
            }
        }
        for v in &mut row[n..] {
            *v *= inv;
        }
    }
    true
}

/// Whether `z` is exactly zero, derivative parts included (so skipping it changes nothing; a
/// dual's `==` compares values only, and a 0-ohm part has `S11 = 0` with a derivative).
#[inline]
fn is_zero<T: Scalar>(z: &Complex<T>) -> bool {
    let zero = |x: &T| x.re() == 0.0 && x.eps().iter().all(|&e| e == 0.0);
    zero(&z.re) && zero(&z.im)
}
