//! Eigenvalues of small Hermitian matrices by the cyclic Jacobi method, for the passivity check.
//!
//! A Hermitian `n x n` matrix `H = A + jB` has the same eigenvalues as the real symmetric
//! `2n x 2n` matrix `[[A, -B], [B, A]]`, each twice. The cyclic Jacobi method (Golub & Van Loan,
//! Matrix Computations, 8.5) diagonalises a real symmetric matrix by plane rotations; it is
//! backward stable and accurate to a few ulps of the largest eigenvalue, enough to decide
//! `sigma_max(S) <= 1 + tol` for tolerances down to about 1e-14.

use num_complex::Complex64;

/// The eigenvalues of the real symmetric `n x n` matrix `a` (row-major), in no particular order.
/// `a` is overwritten.
pub(super) fn symmetric_eigenvalues(a: &mut [f64], n: usize) -> Vec<f64> {
    debug_assert_eq!(a.len(), n * n);
    let frob: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..64 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum::<f64>()
            .sqrt();
        if off <= f64::EPSILON * 1e-2 * frob || off == 0.0 || !off.is_finite() {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let (app, aqq) = (a[p * n + p], a[q * n + q]);
                // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + theta.hypot(1.0));
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / t.hypot(1.0);
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
            }
        }
    }
    (0..n).map(|i| a[i * n + i]).collect()
}

/// The largest eigenvalue of the Hermitian `n x n` matrix `h` (row-major); NaN if `h` holds NaN.
pub(super) fn hermitian_max_eigenvalue(h: &[Complex64], n: usize) -> f64 {
    if h.iter().any(|v| v.re.is_nan() || v.im.is_nan()) {
        return f64::NAN;
    }
    if n == 1 {
        return h[0].re;
    }
    let m = 2 * n;
    let mut a = vec![0.0; m * m];
    for i in 0..n {
        for j in 0..n {
            let v = h[i * n + j];
            a[i * m + j] = v.re;
            a[(i + n) * m + (j + n)] = v.re;
            a[i * m + (j + n)] = -v.im;
            a[(i + n) * m + j] = v.im;
        }
    }
    symmetric_eigenvalues(&mut a, m)
        .into_iter()
        .fold(f64::NEG_INFINITY, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::test_rng::Rng;

    fn sorted(mut v: Vec<f64>) -> Vec<f64> {
        v.sort_by(f64::total_cmp);
        v
    }

    #[test]
    fn known_spectra() {
        // diag(3, -1, 2): already diagonal.
        let mut a = [3.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 2.0];
        assert_eq!(sorted(symmetric_eigenvalues(&mut a, 3)), [-1.0, 2.0, 3.0]);
        // [[2, 1], [1, 2]]: 1 and 3.
        let ev = sorted(symmetric_eigenvalues(&mut [2.0, 1.0, 1.0, 2.0], 2));
        assert!(
            (ev[0] - 1.0).abs() < 1e-15 && (ev[1] - 3.0).abs() < 1e-15,
            "{ev:?}"
        );
        // The 4x4 second-difference matrix: 2 - 2 cos(k pi / 5), k = 1..4.
        let n = 4;
        let mut t = vec![0.0; n * n];
        for i in 0..n {
            t[i * n + i] = 2.0;
            if i + 1 < n {
                t[i * n + i + 1] = -1.0;
                t[(i + 1) * n + i] = -1.0;
            }
        }
        let ev = sorted(symmetric_eigenvalues(&mut t, n));
        for (k, e) in ev.iter().enumerate() {
            let want = 2.0 - 2.0 * ((k + 1) as f64 * std::f64::consts::PI / 5.0).cos();
            assert!((e - want).abs() < 1e-14, "{ev:?}");
        }
        // Hermitian [[1, j], [-j, 1]]: eigenvalues 0 and 2.
        let (o, z) = (Complex64::new(1.0, 0.0), Complex64::new(0.0, 1.0));
        let lmax = hermitian_max_eigenvalue(&[o, z, -z, o], 2);
        assert!((lmax - 2.0).abs() < 1e-15, "{lmax}");
        assert!(hermitian_max_eigenvalue(&[o, Complex64::new(f64::NAN, 0.0), z, o], 2).is_nan());
    }

    #[test]
    fn random_hermitian_matrices_keep_trace_and_norm() {
        // For H = M^H M: sum of eigenvalues = trace, sum of squares = Frobenius norm^2, all >= 0,
        // and det(H - lambda_max I) = 0 up to rounding (checked through the 2x2 closed form).
        let mut rng = Rng(7);
        for n in 1..=6 {
            for _ in 0..20 {
                let m: Vec<Complex64> = (0..n * n).map(|_| rng.c()).collect();
                let h: Vec<Complex64> = (0..n * n)
                    .map(|ij| {
                        let (i, j) = (ij / n, ij % n);
                        (0..n).map(|k| m[k * n + i].conj() * m[k * n + j]).sum()
                    })
                    .collect();
                let m2 = 2 * n;
                let mut a = vec![0.0; m2 * m2];
                for i in 0..n {
                    for j in 0..n {
                        let v = h[i * n + j];
                        a[i * m2 + j] = v.re;
                        a[(i + n) * m2 + j + n] = v.re;
                        a[i * m2 + j + n] = -v.im;
                        a[(i + n) * m2 + j] = v.im;
                    }
                }
                let ev = symmetric_eigenvalues(&mut a, m2);
                let trace: f64 = (0..n).map(|i| h[i * n + i].re).sum();
                let frob2: f64 = h.iter().map(|v| v.norm_sqr()).sum();
                let sum: f64 = ev.iter().sum::<f64>() / 2.0;
                let sum2: f64 = ev.iter().map(|e| e * e).sum::<f64>() / 2.0;
                assert!((sum - trace).abs() < 1e-12 * trace, "{n}: {sum} vs {trace}");
                assert!(
                    (sum2 - frob2).abs() < 1e-12 * frob2,
                    "{n}: {sum2} vs {frob2}"
                );
                assert!(ev.iter().all(|&e| e > -1e-12 * trace));
                let lmax = hermitian_max_eigenvalue(&h, n);
                assert_eq!(lmax, ev.iter().copied().fold(f64::NEG_INFINITY, f64::max));
                if n == 2 {
                    let (a, d, b) = (h[0].re, h[3].re, h[1].norm_sqr());
                    let want = (a + d) / 2.0 + (((a - d) / 2.0).powi(2) + b).sqrt();
                    assert!((lmax - want).abs() < 1e-13 * want, "{lmax} vs {want}");
                }
            }
        }
    }
}
