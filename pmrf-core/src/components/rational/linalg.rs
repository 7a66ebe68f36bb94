//! The small dense real linear algebra vector fitting needs: least squares by Householder QR,
//! and the eigenvalues of a real square matrix (Householder reduction to Hessenberg form, then
//! the shifted QR iteration of EISPACK's `hqr`, after Numerical Recipes §11.6).

use ndarray::{Array1, Array2, s};
use num_complex::Complex64;

/// Householder QR of `a` (`m x n`, `m >= n`) applied to the right-hand sides `b` (`m x k`) in
/// place: afterwards `a[..n, ..n]` holds R in its upper triangle and `b[..n, ..]` holds
/// `Q^T b`.
pub(super) fn householder(a: &mut Array2<f64>, b: &mut Array2<f64>) {
    let (m, n) = a.dim();
    for j in 0..n.min(m) {
        let norm = a
            .slice(s![j.., j])
            .iter()
            .map(|x| x * x)
            .sum::<f64>()
            .sqrt();
        if norm == 0.0 {
            continue;
        }
        let alpha = if a[[j, j]] > 0.0 { -norm } else { norm };
        let mut v: Array1<f64> = a.slice(s![j.., j]).to_owned();
        v[0] -= alpha;
        let vv = v.dot(&v);
        if vv == 0.0 {
            continue;
        }
        // Columns right of j, then the right-hand sides: x -= 2 v (v.x) / (v.v).
        for c in j + 1..n {
            let f = 2.0 * v.dot(&a.slice(s![j.., c])) / vv;
            a.slice_mut(s![j.., c]).scaled_add(-f, &v);
        }
        for c in 0..b.ncols() {
            let f = 2.0 * v.dot(&b.slice(s![j.., c])) / vv;
            b.slice_mut(s![j.., c]).scaled_add(-f, &v);
        }
        a[[j, j]] = alpha;
        a.slice_mut(s![j + 1.., j]).fill(0.0);
    }
}

/// The least-squares solutions `x` (`n x k`) of `a x = b` for a full-rank `a` (`m x n`,
/// `m >= n`). Columns are scaled to unit norm first (the basis functions and the data-weighted
/// ones differ by orders of magnitude); `None` for a rank-deficient `a`.
pub(super) fn lstsq(a: &Array2<f64>, b: &Array2<f64>) -> Option<Array2<f64>> {
    let n = a.ncols();
    let scale: Vec<f64> = (0..n)
        .map(|c| {
            let v = a.column(c).dot(&a.column(c)).sqrt();
            if v > 0.0 { v } else { 1.0 }
        })
        .collect();
    let mut a = a.clone();
    for (c, sc) in scale.iter().enumerate() {
        a.column_mut(c).mapv_inplace(|x| x / sc);
    }
    let mut b = b.clone();
    householder(&mut a, &mut b);
    let mut x = Array2::zeros((n, b.ncols()));
    for c in 0..b.ncols() {
        for i in (0..n).rev() {
            let mut acc = b[[i, c]];
            for j in i + 1..n {
                acc -= a[[i, j]] * x[[j, c]];
            }
            if a[[i, i]].abs() < 1e-14 {
                return None;
            }
            x[[i, c]] = acc / a[[i, i]];
        }
    }
    for (c, sc) in scale.iter().enumerate() {
        x.row_mut(c).mapv_inplace(|v| v / sc);
    }
    Some(x)
}

/// The solutions `x` (`n x k`) of the complex square system `a x = b` by Gaussian elimination
/// with partial pivoting; `None` for a singular `a`.
pub(super) fn solve_complex(
    mut a: Array2<Complex64>,
    mut b: Array2<Complex64>,
) -> Option<Array2<Complex64>> {
    let n = a.nrows();
    let scale = a.iter().map(|z| z.norm()).fold(0.0, f64::max);
    for k in 0..n {
        let p = (k..n).max_by(|&i, &j| a[[i, k]].norm().total_cmp(&a[[j, k]].norm()))?;
        if a[[p, k]].norm() <= 1e-14 * scale || !a[[p, k]].norm().is_finite() {
            return None;
        }
        if p != k {
            for c in 0..n {
                a.swap([k, c], [p, c]);
            }
            for c in 0..b.ncols() {
                b.swap([k, c], [p, c]);
            }
        }
        for i in k + 1..n {
            let f = a[[i, k]] / a[[k, k]];
            for c in k..n {
                let v = a[[k, c]];
                a[[i, c]] -= f * v;
            }
            for c in 0..b.ncols() {
                let v = b[[k, c]];
                b[[i, c]] -= f * v;
            }
        }
    }
    for c in 0..b.ncols() {
        for i in (0..n).rev() {
            let mut acc = b[[i, c]];
            for j in i + 1..n {
                acc -= a[[i, j]] * b[[j, c]];
            }
            b[[i, c]] = acc / a[[i, i]];
        }
    }
    Some(b)
}

/// The eigenvalues of the real square matrix `a`; complex ones come in exact conjugate pairs
/// (`None` if the QR iteration does not converge, which does not happen for the well-scaled
/// matrices of vector fitting).
pub(super) fn eigenvalues(a: &Array2<f64>) -> Option<Vec<Complex64>> {
    let n = a.nrows();
    let mut h = a.clone();
    hessenberg(&mut h);
    hqr(&mut h, n)
}

/// Reduces `a` to upper Hessenberg form by Householder similarity transforms.
fn hessenberg(a: &mut Array2<f64>) {
    let n = a.nrows();
    for k in 0..n.saturating_sub(2) {
        let x = a.slice(s![k + 1.., k]).to_owned();
        let norm = x.dot(&x).sqrt();
        if norm == 0.0 {
            continue;
        }
        let mut v = x;
        v[0] += if v[0] >= 0.0 { norm } else { -norm };
        let vv = v.dot(&v);
        // A <- P A P with P = I - 2 v v^T / (v.v) acting on rows and columns k+1..
        for c in 0..n {
            let f = 2.0 * v.dot(&a.slice(s![k + 1.., c])) / vv;
            a.slice_mut(s![k + 1.., c]).scaled_add(-f, &v);
        }
        for r in 0..n {
            let f = 2.0 * v.dot(&a.slice(s![r, k + 1..])) / vv;
            a.slice_mut(s![r, k + 1..]).scaled_add(-f, &v);
        }
        a.slice_mut(s![k + 2.., k]).fill(0.0);
    }
}

fn sign(a: f64, b: f64) -> f64 {
    if b >= 0.0 { a.abs() } else { -a.abs() }
}

/// Eigenvalues of the upper Hessenberg `a` by the Francis double-shift QR iteration.
fn hqr(a: &mut Array2<f64>, n: usize) -> Option<Vec<Complex64>> {
    let mut w = vec![Complex64::new(0.0, 0.0); n];
    let mut anorm = 0.0;
    for i in 0..n {
        for j in i.saturating_sub(1)..n {
            anorm += a[[i, j]].abs();
        }
    }
    let mut nn = n as isize - 1;
    let mut t = 0.0;
    while nn >= 0 {
        let mut its = 0;
        loop {
            let u = nn as usize;
            let mut l = u;
            while l >= 1 {
                let mut s = a[[l - 1, l - 1]].abs() + a[[l, l]].abs();
                if s == 0.0 {
                    s = anorm;
                }
                if a[[l, l - 1]].abs() + s == s {
                    a[[l, l - 1]] = 0.0;
                    break;
                }
                l -= 1;
            }
            let mut x = a[[u, u]];
            if l == u {
                w[u] = Complex64::new(x + t, 0.0);
                nn -= 1;
                break;
            }
            let mut y = a[[u - 1, u - 1]];
            let mut ww = a[[u, u - 1]] * a[[u - 1, u]];
            if l == u - 1 {
                let p = 0.5 * (y - x);
                let q = p * p + ww;
                let z = q.abs().sqrt();
                x += t;
                if q >= 0.0 {
                    let z = p + sign(z, p);
                    let lo = if z != 0.0 { x - ww / z } else { x + z };
                    w[u - 1] = Complex64::new(x + z, 0.0);
                    w[u] = Complex64::new(lo, 0.0);
                } else {
                    w[u - 1] = Complex64::new(x + p, z);
                    w[u] = Complex64::new(x + p, -z);
                }
                nn -= 2;
                break;
            }
            if its == 60 {
                return None;
            }
            if its == 10 || its == 20 {
                // Exceptional shift.
                t += x;
                for i in 0..=u {
                    a[[i, i]] -= x;
                }
                let s = a[[u, u - 1]].abs() + a[[u - 1, u - 2]].abs();
                x = 0.75 * s;
                y = x;
                ww = -0.4375 * s * s;
            }
            its += 1;
            let (mut p, mut q, mut r);
            let mut m = u - 2;
            loop {
                let z = a[[m, m]];
                let rr = x - z;
                let ss = y - z;
                p = (rr * ss - ww) / a[[m + 1, m]] + a[[m, m + 1]];
                q = a[[m + 1, m + 1]] - z - rr - ss;
                r = a[[m + 2, m + 1]];
                let s = p.abs() + q.abs() + r.abs();
                p /= s;
                q /= s;
                r /= s;
                if m == l {
                    break;
                }
                let uu = a[[m, m - 1]].abs() * (q.abs() + r.abs());
                let vv = p.abs() * (a[[m - 1, m - 1]].abs() + z.abs() + a[[m + 1, m + 1]].abs());
                if uu + vv == vv {
                    break;
                }
                m -= 1;
            }
            for i in m + 2..=u {
                a[[i, i - 2]] = 0.0;
                if i != m + 2 {
                    a[[i, i - 3]] = 0.0;
                }
            }
            let mut k = m;
            while k < u {
                if k != m {
                    p = a[[k, k - 1]];
                    q = a[[k + 1, k - 1]];
                    r = if k != u - 1 { a[[k + 2, k - 1]] } else { 0.0 };
                    x = p.abs() + q.abs() + r.abs();
                    if x != 0.0 {
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                }
                let s = sign((p * p + q * q + r * r).sqrt(), p);
                if s != 0.0 {
                    if k == m {
                        if l != m {
                            a[[k, k - 1]] = -a[[k, k - 1]];
                        }
                    } else {
                        a[[k, k - 1]] = -s * x;
                    }
                    p += s;
                    x = p / s;
                    y = q / s;
                    let z = r / s;
                    q /= p;
                    r /= p;
                    for j in k..=u {
                        let mut pp = a[[k, j]] + q * a[[k + 1, j]];
                        if k != u - 1 {
                            pp += r * a[[k + 2, j]];
                            a[[k + 2, j]] -= pp * z;
                        }
                        a[[k + 1, j]] -= pp * y;
                        a[[k, j]] -= pp * x;
                    }
                    let mmin = if u < k + 3 { u } else { k + 3 };
                    for i in l..=mmin {
                        let mut pp = x * a[[i, k]] + y * a[[i, k + 1]];
                        if k != u - 1 {
                            pp += z * a[[i, k + 2]];
                            a[[i, k + 2]] -= pp * r;
                        }
                        a[[i, k + 1]] -= pp * q;
                        a[[i, k]] -= pp;
                    }
                }
                k += 1;
            }
        }
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn eigenvalues_of_known_matrices() {
        // Block diagonal with a rotation-scaling block (-1 +- 3j) and a real 2.
        let a = array![[-1.0, 3.0, 0.5], [-3.0, -1.0, 0.2], [0.0, 0.0, 2.0]];
        let mut w = eigenvalues(&a).unwrap();
        w.sort_by(|x, y| x.im.total_cmp(&y.im));
        assert!((w[0] - Complex64::new(-1.0, -3.0)).norm() < 1e-12);
        assert!((w[1] - Complex64::new(2.0, 0.0)).norm() < 1e-12);
        assert!((w[2] - Complex64::new(-1.0, 3.0)).norm() < 1e-12);
        // A companion matrix of (x-1)(x-2)(x-3)(x-4) = x^4 - 10x^3 + 35x^2 - 50x + 24.
        let c = array![
            [10.0, -35.0, 50.0, -24.0],
            [1.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0, 0.0]
        ];
        let mut w: Vec<f64> = eigenvalues(&c).unwrap().iter().map(|z| z.re).collect();
        w.sort_by(f64::total_cmp);
        for (k, v) in w.iter().enumerate() {
            assert!((v - (k + 1) as f64).abs() < 1e-10, "{w:?}");
        }
    }

    #[test]
    fn least_squares_recovers_a_line() {
        let a = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let b = array![[1.0], [3.0], [5.0], [7.0]];
        let x = lstsq(&a, &b).unwrap();
        assert!((x[[0, 0]] - 1.0).abs() < 1e-13 && (x[[1, 0]] - 2.0).abs() < 1e-13);
    }
}
