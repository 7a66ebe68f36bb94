//! The largest eigenvalue of a Hermitian matrix, for
//! [`Network::max_singular_value`](super::Network::max_singular_value): Householder reduction
//! to a real tridiagonal matrix, then bisection on its Sturm sequence (Golub & Van Loan, Matrix Computations, 8.3 and 8.4).
//!
//! The reduction costs about `n^3` complex multiply-adds, in row-major loops over contiguous
//! rows that vectorise; the bisection `O(n)` per step. Both are backward stable: the result is
//! accurate to a few ulps of the largest eigenvalue times `n`.

use super::gram::Hermitian;

/// The largest eigenvalue of the Hermitian `h`; NaN if `h` holds NaN.
pub(super) fn hermitian_max_eigenvalue(h: &Hermitian) -> f64 {
    if h.re.iter().chain(&h.im).any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let (d, e) = tridiagonalise(h);
    largest_tridiagonal_eigenvalue(&d, &e)
}

/// The diagonal and the magnitudes of the subdiagonal of a real symmetric tridiagonal
/// matrix similar to `h`: Householder reflections `I - tau v v^H` zero each column below its
/// subdiagonal, and a diagonal of phases makes the subdiagonal real.
fn tridiagonalise(h: &Hermitian) -> (Vec<f64>, Vec<f64>) {
    let n = h.n;
    // The full matrix: both triangles, real and imaginary parts apart.
    let (mut ar, mut ai) = (vec![0.0; n * n], vec![0.0; n * n]);
    for i in 0..n {
        for j in 0..n {
            let v = h.get(i, j);
            (ar[i * n + j], ai[i * n + j]) = (v.re, v.im);
        }
    }
    let mut e = vec![0.0; n.saturating_sub(1)];
    let (mut vr, mut vi, mut pr, mut pi) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    for k in 0..n.saturating_sub(1) {
        // x = A[k+1.., k] = conj(A[k, k+1..]) (Hermitian): the column to reduce.
        let m = n - k - 1;
        let (xr, xi) = (
            &ar[k * n + k + 1..(k + 1) * n],
            &ai[k * n + k + 1..(k + 1) * n],
        );
        let sigma = xr.iter().chain(xi).map(|v| v * v).sum::<f64>().sqrt();
        e[k] = sigma;
        let x0 = xr[0].hypot(xi[0]);
        if m == 1
            || sigma == 0.0
            || sigma == x0 && xr[1..].iter().chain(&xi[1..]).all(|v| *v == 0.0)
        {
            continue; // already tridiagonal in this column
        }
        // v = x + phase(x0) sigma e1, so that H x = -phase(x0) sigma e1; tau = 2 / |v|^2.
        let (cr, ci) = if x0 > 0.0 {
            (xr[0] / x0, -xi[0] / x0)
        } else {
            (1.0, 0.0)
        };
        let (v, w) = (&mut vr[..m], &mut vi[..m]);
        for j in 0..m {
            (v[j], w[j]) = (xr[j], -xi[j]);
        }
        v[0] += cr * sigma;
        w[0] += ci * sigma;
        let tau = 1.0 / (sigma * (sigma + x0));
        // p = tau B v for the trailing block B, as conj(p) = tau sum_j conj(v_j) B[j][..]
        // (B Hermitian), row by row.
        let (qr, qi) = (&mut pr[..m], &mut pi[..m]);
        qr.fill(0.0);
        qi.fill(0.0);
        for j in 0..m {
            let (cr, ci) = (v[j], -w[j]);
            let row = (k + 1 + j) * n + k + 1;
            let (br, bi) = (&ar[row..row + m], &ai[row..row + m]);
            for c in 0..m {
                qr[c] += cr * br[c] - ci * bi[c];
                qi[c] += cr * bi[c] + ci * br[c];
            }
        }
        for c in 0..m {
            (qr[c], qi[c]) = (tau * qr[c], -tau * qi[c]);
        }
        // w = p - (tau / 2) (v^H p) v
        let (mut kr, mut ki) = (0.0, 0.0);
        for c in 0..m {
            kr += v[c] * qr[c] + w[c] * qi[c];
            ki += v[c] * qi[c] - w[c] * qr[c];
        }
        let (kr, ki) = (0.5 * tau * kr, 0.5 * tau * ki);
        for c in 0..m {
            let (a, b) = (v[c], w[c]);
            qr[c] -= kr * a - ki * b;
            qi[c] -= kr * b + ki * a;
        }
        // B -= v w^H + w v^H
        for i in 0..m {
            let (vr_i, vi_i, wr_i, wi_i) = (v[i], w[i], qr[i], qi[i]);
            let row = (k + 1 + i) * n + k + 1;
            let (br, bi) = (&mut ar[row..row + m], &mut ai[row..row + m]);
            for c in 0..m {
                // v_i conj(w_c) + w_i conj(v_c)
                br[c] -= vr_i * qr[c] + vi_i * qi[c] + wr_i * v[c] + wi_i * w[c];
                bi[c] -= vi_i * qr[c] - vr_i * qi[c] + wi_i * v[c] - wr_i * w[c];
            }
        }
    }
    let d = (0..n).map(|i| ar[i * n + i]).collect();
    (d, e)
}

/// The number of eigenvalues below `x` of the symmetric tridiagonal matrix with diagonal `d`
/// and off-diagonal `e` (Sturm count, by the signs of the `LDL^T` pivots of `T - x I`).
fn count_below(d: &[f64], e: &[f64], x: f64) -> usize {
    let mut count = 0;
    let mut q = 1.0;
    for (i, &di) in d.iter().enumerate() {
        let b2 = if i == 0 { 0.0 } else { e[i - 1] * e[i - 1] };
        q = di - x - if b2 == 0.0 { 0.0 } else { b2 / q };
        if q == 0.0 {
            q = -f64::EPSILON * (di.abs() + x.abs()).max(f64::MIN_POSITIVE);
        }
        if q < 0.0 {
            count += 1;
        }
    }
    count
}

/// The largest eigenvalue of the symmetric tridiagonal matrix `(d, e)`, by bisection to the
/// last bit between Gershgorin bounds.
fn largest_tridiagonal_eigenvalue(d: &[f64], e: &[f64]) -> f64 {
    let n = d.len();
    let radius = |i: usize| {
        (if i > 0 { e[i - 1].abs() } else { 0.0 }) + (if i + 1 < n { e[i].abs() } else { 0.0 })
    };
    let mut lo = (0..n)
        .map(|i| d[i] - radius(i))
        .fold(f64::INFINITY, f64::min);
    let mut hi = (0..n)
        .map(|i| d[i] + radius(i))
        .fold(f64::NEG_INFINITY, f64::max);
    // Invariant: fewer than n eigenvalues below lo, all n below or at hi.
    for _ in 0..2100 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if count_below(d, e, mid) < n {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::test_rng::Rng;
    use num_complex::Complex64;

    /// The eigenvalues of the real symmetric `n x n` matrix `a` by the cyclic Jacobi method
    /// (Golub & Van Loan, 8.5): the reference the fast route is checked against.
    fn symmetric_eigenvalues(a: &mut [f64], n: usize) -> Vec<f64> {
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

    /// `h` from a full row-major complex matrix.
    fn hermitian(m: &[Complex64], n: usize) -> Hermitian {
        Hermitian {
            n,
            re: m.iter().map(|v| v.re).collect(),
            im: m.iter().map(|v| v.im).collect(),
        }
    }

    /// The largest eigenvalue of `h` by Jacobi on `[[A, -B], [B, A]]` (each eigenvalue twice).
    fn jacobi_max(h: &[Complex64], n: usize) -> f64 {
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

    #[test]
    fn known_spectra() {
        let c = |re: f64, im: f64| Complex64::new(re, im);
        let z = c(0.0, 0.0);
        // diag(3, -1, 2); [[2, 1], [1, 2]] (1 and 3); [[1, j], [-j, 1]] (0 and 2).
        let diag = [c(3.0, 0.0), z, z, z, c(-1.0, 0.0), z, z, z, c(2.0, 0.0)];
        assert_eq!(hermitian_max_eigenvalue(&hermitian(&diag, 3)), 3.0);
        let l = hermitian_max_eigenvalue(&hermitian(
            &[c(2.0, 0.0), c(1.0, 0.0), c(1.0, 0.0), c(2.0, 0.0)],
            2,
        ));
        assert!((l - 3.0).abs() < 1e-15, "{l}");
        let (o, j) = (c(1.0, 0.0), c(0.0, 1.0));
        let l = hermitian_max_eigenvalue(&hermitian(&[o, j, -j, o], 2));
        assert!((l - 2.0).abs() < 1e-15, "{l}");
        assert!(hermitian_max_eigenvalue(&hermitian(&[o, c(f64::NAN, 0.0), j, o], 2)).is_nan());
        // The n x n second-difference matrix: 2 - 2 cos(n pi / (n + 1)) at most.
        for n in [1usize, 2, 4, 9, 40] {
            let t: Vec<Complex64> = (0..n * n)
                .map(|ij| match (ij / n).abs_diff(ij % n) {
                    0 => c(2.0, 0.0),
                    1 => c(-1.0, 0.0),
                    _ => z,
                })
                .collect();
            let want = 2.0 - 2.0 * (n as f64 * std::f64::consts::PI / (n as f64 + 1.0)).cos();
            let l = hermitian_max_eigenvalue(&hermitian(&t, n));
            assert!((l - want).abs() < 1e-14, "{n}: {l} vs {want}");
        }
    }

    #[test]
    fn random_gram_matrices_agree_with_jacobi() {
        let mut rng = Rng(7);
        for n in [1, 2, 3, 5, 8, 17, 40] {
            for _ in 0..5 {
                let m: Vec<Complex64> = (0..n * n).map(|_| rng.c()).collect();
                let h: Vec<Complex64> = (0..n * n)
                    .map(|ij| {
                        let (i, j) = (ij / n, ij % n);
                        (0..n).map(|k| m[k * n + i].conj() * m[k * n + j]).sum()
                    })
                    .collect();
                let (fast, slow) = (
                    hermitian_max_eigenvalue(&hermitian(&h, n)),
                    jacobi_max(&h, n),
                );
                assert!((fast - slow).abs() < 1e-13 * slow, "{n}: {fast} vs {slow}");
                if n == 2 {
                    let (a, d, b) = (h[0].re, h[3].re, h[1].norm_sqr());
                    let want = (a + d) / 2.0 + (((a - d) / 2.0).powi(2) + b).sqrt();
                    assert!((fast - want).abs() < 1e-13 * want, "{fast} vs {want}");
                }
            }
        }
    }
}
