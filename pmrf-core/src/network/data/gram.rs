//! The Gram matrix `S^H S` of a square complex matrix, and the test `||S||_2 <= c` built on it:
//! `c^2 I - S^H S` is positive semidefinite, decided by one Cholesky (`LDL^H`) factorisation.
//!
//! Both are `O(n^3)` and written for the cache: real and imaginary parts are stored apart,
//! row-major, and every inner loop runs over contiguous rows without reductions, so it
//! vectorises. The Gram matrix of more than 64 ports is formed on several threads. Only the
//! upper triangle (`j >= i`) of a Hermitian matrix is formed or read.

use ndarray::ArrayView2;
use num_complex::Complex64;
use rayon::prelude::*;

/// A Hermitian `n x n` matrix, row-major, real and imaginary parts apart; only the upper
/// triangle is meaningful.
pub(super) struct Hermitian {
    pub(super) n: usize,
    pub(super) re: Vec<f64>,
    pub(super) im: Vec<f64>,
}

impl Hermitian {
    /// Element `(i, j)` of the full matrix.
    pub(super) fn get(&self, i: usize, j: usize) -> Complex64 {
        let (lo, hi) = (i.min(j), i.max(j));
        let v = Complex64::new(self.re[lo * self.n + hi], self.im[lo * self.n + hi]);
        if i <= j { v } else { v.conj() }
    }
}

/// Rows `i0..i0 + BLOCK` of the Gram matrix are accumulated together: their `2 x 8 x 32` KiB
/// per 1000 ports stay in cache while the rows of S stream past. Blocks are independent, and
/// spread over threads (rayon) when there are more than two.
const BLOCK: usize = 32;

/// `S^H S` of the `n x n` matrix `s` (upper triangle).
pub(super) fn gram(s: ArrayView2<'_, Complex64>) -> Hermitian {
    let n = s.dim().0;
    let (mut sr, mut si) = (vec![0.0; n * n], vec![0.0; n * n]);
    for ((k, j), v) in s.indexed_iter() {
        sr[k * n + j] = v.re;
        si[k * n + j] = v.im;
    }
    let (mut hr, mut hi) = (vec![0.0; n * n], vec![0.0; n * n]);
    // Rows i0.. of H (in `yr`, `yi`): H[i][j] += conj(S[k][i]) S[k][j] for j >= i, every k.
    let rows = |(b, (yr, yi)): (usize, (&mut [f64], &mut [f64]))| {
        let i0 = b * BLOCK;
        for k in 0..n {
            let (br, bi) = (&sr[k * n..(k + 1) * n], &si[k * n..(k + 1) * n]);
            for (r, (yr, yi)) in yr
                .chunks_exact_mut(n)
                .zip(yi.chunks_exact_mut(n))
                .enumerate()
            {
                let i = i0 + r;
                let (ar, ai) = (br[i], bi[i]);
                let (xr, xi, yr, yi) = (&br[i..], &bi[i..], &mut yr[i..], &mut yi[i..]);
                for j in 0..xr.len() {
                    yr[j] += ar * xr[j] + ai * xi[j];
                    yi[j] += ar * xi[j] - ai * xr[j];
                }
            }
        }
    };
    if n > 2 * BLOCK {
        let blocks = hr
            .par_chunks_mut(BLOCK * n)
            .zip(hi.par_chunks_mut(BLOCK * n));
        blocks.enumerate().for_each(rows);
    } else {
        let blocks = hr.chunks_mut(BLOCK * n).zip(hi.chunks_mut(BLOCK * n));
        blocks.enumerate().for_each(rows);
    }
    Hermitian { n, re: hr, im: hi }
}

/// Whether `||S||_2 <= c`, given `h = S^H S`: whether `c^2 I - h` is positive semidefinite,
/// by an `LDL^H` factorisation that fails at the first pivot that is not positive.
///
/// The rounding of `h` and of the factorisation (about `n` ulps of `max(c^2, max_i h_ii)`) is
/// allowed for by a shift of `2 n` ulps: a norm within that of `c` may be judged either way,
/// anything further is decided exactly. `false` for NaN anywhere or `c < 0`.
pub(super) fn norm_at_most(mut h: Hermitian, c: f64) -> bool {
    let n = h.n;
    let diag = (0..n).map(|i| h.re[i * n + i]).fold(0.0, f64::max);
    if c.is_nan() || c < 0.0 || h.re.iter().chain(&h.im).any(|v| v.is_nan()) {
        return false;
    }
    let scale = (c * c).max(diag);
    if scale == 0.0 {
        return true; // S = 0 and c = 0
    }
    let shift = c * c + 2.0 * n as f64 * f64::EPSILON * scale;
    for v in h.re.iter_mut().chain(h.im.iter_mut()) {
        *v = -*v;
    }
    for i in 0..n {
        h.re[i * n + i] += shift;
    }
    positive_definite(&mut h)
}

/// Whether the Hermitian `a` (upper triangle) is positive definite; `a` is overwritten by its
/// `LDL^H` factorisation as far as it got.
fn positive_definite(a: &mut Hermitian) -> bool {
    let n = a.n;
    for k in 0..n {
        let d = a.re[k * n + k];
        if d.is_nan() || d <= 0.0 {
            return false;
        }
        let (top_r, rest_r) = a.re.split_at_mut((k + 1) * n);
        let (top_i, rest_i) = a.im.split_at_mut((k + 1) * n);
        let (pr, pi) = (&top_r[k * n..], &top_i[k * n..]);
        for i in k + 1..n {
            // A[i][j] -= conj(A[k][i]) A[k][j] / d for j >= i.
            let (cr, ci) = (pr[i] / d, -pi[i] / d);
            if cr == 0.0 && ci == 0.0 {
                continue;
            }
            let row = (i - k - 1) * n;
            let (yr, yi) = (&mut rest_r[row + i..row + n], &mut rest_i[row + i..row + n]);
            let (xr, xi) = (&pr[i..], &pi[i..]);
            for j in 0..yr.len() {
                yr[j] -= cr * xr[j] - ci * xi[j];
                yi[j] -= cr * xi[j] + ci * xr[j];
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::test_rng::Rng;
    use ndarray::Array2;

    #[test]
    fn gram_is_s_hermitian_times_s() {
        let mut rng = Rng(5);
        for n in [1, 3, 33, 70] {
            let s = Array2::from_shape_fn((n, n), |_| rng.c());
            let h = gram(s.view());
            for i in 0..n {
                for j in 0..n {
                    let want: Complex64 = (0..n).map(|k| s[[k, i]].conj() * s[[k, j]]).sum();
                    assert!(
                        (h.get(i, j) - want).norm() < 1e-13 * n as f64,
                        "{n} {i} {j}"
                    );
                }
            }
        }
    }

    #[test]
    fn definiteness_of_known_matrices() {
        let diag = |v: &[f64]| {
            let n = v.len();
            let mut re = vec![0.0; n * n];
            for (i, x) in v.iter().enumerate() {
                re[i * n + i] = *x;
            }
            Hermitian {
                n,
                re,
                im: vec![0.0; n * n],
            }
        };
        assert!(positive_definite(&mut diag(&[1.0, 2.0, 1e-300])));
        assert!(!positive_definite(&mut diag(&[1.0, 0.0, 2.0])));
        assert!(!positive_definite(&mut diag(&[1.0, f64::NAN])));
        // [[1, j], [-j, 1]] is singular (eigenvalues 0 and 2); [[1, 0.9j], [-0.9j, 1]] is not.
        let m = |x: f64| Hermitian {
            n: 2,
            re: vec![1.0, 0.0, 0.0, 1.0],
            im: vec![0.0, x, -x, 0.0],
        };
        assert!(positive_definite(&mut m(0.9)));
        assert!(!positive_definite(&mut m(1.1)));
    }
}
