//! The dense linear algebra of the Levenberg-Marquardt step, after MINPACK (Moré, Garbow and
//! Hillstrom 1980; routines `qrfac`, `qrsolv`, `lmpar`): a Householder QR of the Jacobian with
//! column pivoting, the solution of the damped problem `min ‖[R; √λ D] z − [Qᵀr; 0]‖` by Givens
//! rotations for each trial `λ`, and Moré's (1978) iteration for the `λ` whose step has the
//! trust-region length. Matrices are column-major, `a[i + j * lda]`; no allocation after setup.
//!
//! And [`symmetric_inverse`], the inverse of a symmetric positive definite matrix, for the
//! covariances of a fit and a posterior's Laplace approximation.

use ndarray::Array2;

use super::norm;

/// Householder QR with column pivoting of the `m x n` column-major `a` (`m >= n`), in place.
///
/// On return the strict upper triangle of `a`'s top `n x n` block holds the strict upper part of
/// `R`, `rdiag` its diagonal, the lower trapezoid the Householder vectors (used by
/// [`apply_qt`]); `ipvt[j]` is the original column now at `j`; `acnorm` the norms of the
/// original columns. `wa` is workspace of length `n`.
pub(super) fn qrfac(
    m: usize,
    n: usize,
    a: &mut [f64],
    ipvt: &mut [usize],
    rdiag: &mut [f64],
    acnorm: &mut [f64],
    wa: &mut [f64],
) {
    let eps = f64::EPSILON;
    for j in 0..n {
        acnorm[j] = norm(&a[j * m..(j + 1) * m]);
        rdiag[j] = acnorm[j];
        wa[j] = rdiag[j];
        ipvt[j] = j;
    }
    for j in 0..n.min(m) {
        // Bring the column of largest remaining norm into the pivot position.
        let kmax = (j..n).fold(j, |best, k| if rdiag[k] > rdiag[best] { k } else { best });
        if kmax != j {
            for i in 0..m {
                a.swap(i + j * m, i + kmax * m);
            }
            rdiag[kmax] = rdiag[j];
            wa[kmax] = wa[j];
            ipvt.swap(j, kmax);
        }
        // The Householder reflection that zeroes a[j+1.., j].
        let mut ajnorm = norm(&a[j + j * m..(j + 1) * m]);
        if ajnorm != 0.0 {
            if a[j + j * m] < 0.0 {
                ajnorm = -ajnorm;
            }
            for v in &mut a[j + j * m..(j + 1) * m] {
                *v /= ajnorm;
            }
            a[j + j * m] += 1.0;
            let ajj = a[j + j * m];
            for k in j + 1..n {
                let (left, right) = a.split_at_mut(k * m);
                let vj = &left[j + j * m..(j + 1) * m];
                let ak = &mut right[j..m];
                let sum: f64 = vj.iter().zip(ak.iter()).map(|(v, a)| v * a).sum();
                let temp = sum / ajj;
                for (a, v) in ak.iter_mut().zip(vj) {
                    *a -= temp * v;
                }
                if rdiag[k] != 0.0 {
                    let t = ak[0] / rdiag[k];
                    rdiag[k] *= (1.0 - t * t).max(0.0).sqrt();
                    if 0.05 * (rdiag[k] / wa[k]).powi(2) <= eps {
                        rdiag[k] = norm(&ak[1..]);
                        wa[k] = rdiag[k];
                    }
                }
            }
        }
        rdiag[j] = -ajnorm;
    }
}

/// Overwrites `b` (length `m`) with `Qᵀb` using the Householder vectors [`qrfac`] left in `a`,
/// then writes `R`'s diagonal into `a`, making the top `n x n` block hold `R`.
pub(super) fn apply_qt(m: usize, n: usize, a: &mut [f64], rdiag: &[f64], b: &mut [f64]) {
    for j in 0..n.min(m) {
        let ajj = a[j + j * m];
        if ajj != 0.0 {
            let v = &a[j + j * m..(j + 1) * m];
            let sum: f64 = v.iter().zip(&b[j..]).map(|(v, b)| v * b).sum();
            let temp = -sum / ajj;
            for (b, v) in b[j..].iter_mut().zip(v) {
                *b += temp * v;
            }
        }
        a[j + j * m] = rdiag[j];
    }
}

/// Solves `min ‖[R; D_π] z − [qtb; 0]‖` for the pivoted `R` in the top `n x n` block of `r`
/// (leading dimension `ldr`, upper triangle kept, strict lower triangle overwritten), the
/// diagonal `diag` indexed by original columns; `x` receives `z` in original order and `sdiag`
/// the diagonal of the triangular factor `S` of the combined system (`S` in `r`'s lower
/// triangle). `wa` is workspace of length `n`. MINPACK's `qrsolv`.
#[allow(clippy::too_many_arguments)]
pub(super) fn qrsolv(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    x: &mut [f64],
    sdiag: &mut [f64],
    wa: &mut [f64],
) {
    // Copy R into the lower triangle (as Rᵀ) and save its diagonal in x.
    for j in 0..n {
        for i in j..n {
            r[i + j * ldr] = r[j + i * ldr];
        }
        x[j] = r[j + j * ldr];
        wa[j] = qtb[j];
    }
    // Eliminate the diagonal matrix row by row with Givens rotations.
    for j in 0..n {
        let l = ipvt[j];
        if diag[l] != 0.0 {
            sdiag[j..n].fill(0.0);
            sdiag[j] = diag[l];
            let mut qtbpj = 0.0;
            for k in j..n {
                if sdiag[k] == 0.0 {
                    continue;
                }
                let rkk = r[k + k * ldr];
                let (sin, cos) = if rkk.abs() < sdiag[k].abs() {
                    let cotan = rkk / sdiag[k];
                    let sin = 0.5 / (0.25 + 0.25 * cotan * cotan).sqrt();
                    (sin, sin * cotan)
                } else {
                    let tan = sdiag[k] / rkk;
                    let cos = 0.5 / (0.25 + 0.25 * tan * tan).sqrt();
                    (cos * tan, cos)
                };
                r[k + k * ldr] = cos * rkk + sin * sdiag[k];
                let temp = cos * wa[k] + sin * qtbpj;
                qtbpj = -sin * wa[k] + cos * qtbpj;
                wa[k] = temp;
                for i in k + 1..n {
                    let rik = r[i + k * ldr];
                    let temp = cos * rik + sin * sdiag[i];
                    sdiag[i] = -sin * rik + cos * sdiag[i];
                    r[i + k * ldr] = temp;
                }
            }
        }
        sdiag[j] = r[j + j * ldr];
        r[j + j * ldr] = x[j];
    }
    // Solve S z = wa; a singular S gives the least-squares solution with trailing zeros.
    let nsing = sdiag[..n].iter().position(|&s| s == 0.0).unwrap_or(n);
    wa[nsing..n].fill(0.0);
    for j in (0..nsing).rev() {
        let sum: f64 = (j + 1..nsing).map(|i| r[i + j * ldr] * wa[i]).sum();
        wa[j] = (wa[j] - sum) / sdiag[j];
    }
    for j in 0..n {
        x[ipvt[j]] = wa[j];
    }
}

/// Workspace of [`lmpar`]: four vectors of length `n`.
pub(super) struct LmparWork<'w> {
    pub(super) sdiag: &'w mut [f64],
    pub(super) wa1: &'w mut [f64],
    pub(super) wa2: &'w mut [f64],
    pub(super) wa3: &'w mut [f64],
}

/// Moré's (1978) Levenberg-Marquardt parameter: finds `par >= 0` such that the solution `x` of
/// `(RᵀR + par DᵀD) x = Rᵀqtb` has `‖D x‖` within 10 % of `delta`, or `par = 0` if the
/// Gauss-Newton step is shorter than `1.1 delta`. `par` is the initial estimate on entry.
/// MINPACK's `lmpar`; `x` is the step with MINPACK's sign (the update is `−x`).
#[allow(clippy::too_many_arguments)]
pub(super) fn lmpar(
    n: usize,
    r: &mut [f64],
    ldr: usize,
    ipvt: &[usize],
    diag: &[f64],
    qtb: &[f64],
    delta: f64,
    par: f64,
    x: &mut [f64],
    w: LmparWork<'_>,
) -> f64 {
    let LmparWork {
        sdiag,
        wa1,
        wa2,
        wa3,
    } = w;
    let dwarf = f64::MIN_POSITIVE;
    // The Gauss-Newton direction (least squares if R is singular).
    let nsing = (0..n).position(|j| r[j + j * ldr] == 0.0).unwrap_or(n);
    wa1[..n].copy_from_slice(&qtb[..n]);
    wa1[nsing..n].fill(0.0);
    for j in (0..nsing).rev() {
        wa1[j] /= r[j + j * ldr];
        let temp = wa1[j];
        for i in 0..j {
            wa1[i] -= r[i + j * ldr] * temp;
        }
    }
    for j in 0..n {
        x[ipvt[j]] = wa1[j];
    }
    for j in 0..n {
        wa2[j] = diag[j] * x[j];
    }
    let mut dxnorm = norm(&wa2[..n]);
    let mut fp = dxnorm - delta;
    if fp <= 0.1 * delta {
        return 0.0;
    }
    // Lower bound parl from the Newton step (only if R has full rank).
    let mut parl = 0.0;
    if nsing >= n {
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            let sum: f64 = (0..j).map(|i| r[i + j * ldr] * wa1[i]).sum();
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
        }
        let temp = norm(&wa1[..n]);
        parl = ((fp / delta) / temp) / temp;
    }
    // Upper bound paru from the gradient.
    for j in 0..n {
        let sum: f64 = (0..=j).map(|i| r[i + j * ldr] * qtb[i]).sum();
        wa1[j] = sum / diag[ipvt[j]];
    }
    let gnorm = norm(&wa1[..n]);
    let mut paru = gnorm / delta;
    if paru == 0.0 {
        paru = dwarf / delta.min(0.1);
    }
    let mut par = par.max(parl).min(paru);
    if par == 0.0 {
        par = gnorm / dxnorm;
    }
    for iter in 1.. {
        if par == 0.0 {
            par = dwarf.max(0.001 * paru);
        }
        let sqrt_par = par.sqrt();
        for j in 0..n {
            wa1[j] = sqrt_par * diag[j];
        }
        qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa3);
        for j in 0..n {
            wa2[j] = diag[j] * x[j];
        }
        dxnorm = norm(&wa2[..n]);
        let previous = fp;
        fp = dxnorm - delta;
        if fp.abs() <= 0.1 * delta
            || (parl == 0.0 && fp <= previous && previous < 0.0)
            || iter == 10
            || dxnorm == 0.0
        {
            break;
        }
        // Newton correction.
        for j in 0..n {
            let l = ipvt[j];
            wa1[j] = diag[l] * (wa2[l] / dxnorm);
        }
        for j in 0..n {
            wa1[j] /= sdiag[j];
            let temp = wa1[j];
            for i in j + 1..n {
                wa1[i] -= r[i + j * ldr] * temp;
            }
        }
        let temp = norm(&wa1[..n]);
        let parc = ((fp / delta) / temp) / temp;
        if fp > 0.0 {
            parl = parl.max(par);
        }
        if fp < 0.0 {
            paru = paru.min(par);
        }
        par = parl.max(par + parc);
    }
    par
}

/// The inverse of a symmetric positive definite matrix by Gauss-Jordan elimination with
/// diagonal scaling, `None` if it is singular to working precision.
pub(crate) fn symmetric_inverse(a: &Array2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    // Scale to unit diagonal: the parameters' units differ by many decades.
    let d: Vec<f64> = (0..n).map(|i| a[[i, i]].sqrt()).collect();
    if d.iter().any(|&v| !(v > 0.0 && v.is_finite())) {
        return None;
    }
    let mut m = Array2::from_shape_fn((n, 2 * n), |(i, k)| {
        if k < n {
            a[[i, k]] / (d[i] * d[k])
        } else if k - n == i {
            1.0
        } else {
            0.0
        }
    });
    for col in 0..n {
        let pivot_row =
            (col..n).max_by(|&p, &q| m[[p, col]].abs().total_cmp(&m[[q, col]].abs()))?;
        if m[[pivot_row, col]].abs() <= 1e-12 {
            return None;
        }
        for k in 0..2 * n {
            m.swap([col, k], [pivot_row, k]);
        }
        let p = m[[col, col]];
        for k in 0..2 * n {
            m[[col, k]] /= p;
        }
        for row in 0..n {
            if row != col {
                let factor = m[[row, col]];
                for k in 0..2 * n {
                    m[[row, k]] -= factor * m[[col, k]];
                }
            }
        }
    }
    Some(Array2::from_shape_fn((n, n), |(i, k)| {
        m[[i, n + k]] / (d[i] * d[k])
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// QR and the damped solve against the normal equations on a small dense problem.
    #[test]
    fn damped_solve_matches_normal_equations() {
        let (m, n) = (5, 3);
        // Column-major J.
        let j: Vec<f64> = vec![
            1.0, 2.0, 0.5, -1.0, 3.0, //
            0.3, -0.7, 2.0, 1.0, 0.1, //
            4.0, 0.2, -1.0, 0.5, 0.9,
        ];
        let b = [1.0, -2.0, 0.5, 3.0, 0.25];
        let diag = [1.5, 0.5, 2.0];
        let lambda: f64 = 0.7;
        let mut a = j.clone();
        let (mut ipvt, mut rdiag, mut acnorm, mut wa) = ([0; 3], [0.0; 3], [0.0; 3], [0.0; 3]);
        qrfac(m, n, &mut a, &mut ipvt, &mut rdiag, &mut acnorm, &mut wa);
        let mut qtb = b;
        apply_qt(m, n, &mut a, &rdiag, &mut qtb);
        let d: Vec<f64> = diag.iter().map(|d| d * lambda.sqrt()).collect();
        let (mut x, mut sdiag, mut w2) = ([0.0; 3], [0.0; 3], [0.0; 3]);
        qrsolv(n, &mut a, m, &ipvt, &d, &qtb, &mut x, &mut sdiag, &mut w2);
        // (JᵀJ + λ D²) x = Jᵀ b, checked by its residual.
        for r in 0..n {
            let mut lhs = lambda * diag[r] * diag[r] * x[r];
            let mut rhs = 0.0;
            for c in 0..n {
                let jtj: f64 = (0..m).map(|i| j[i + r * m] * j[i + c * m]).sum();
                lhs += jtj * x[c];
            }
            for i in 0..m {
                rhs += j[i + r * m] * b[i];
            }
            assert!((lhs - rhs).abs() < 1e-12, "row {r}: {lhs} vs {rhs}");
        }
    }

    /// The inverse of a badly scaled SPD matrix (units decades apart), and `None` when singular.
    #[test]
    fn symmetric_inverse_of_scaled_and_singular_matrices() {
        // [[4, 2e6], [2e6, 4e12]] = D [[4, 2], [2, 4]] D with D = diag(1, 1e6); its inverse is
        // D^-1 [[1/3, -1/6], [-1/6, 1/3]] D^-1.
        let a = ndarray::array![[4.0, 2e6], [2e6, 4e12]];
        let inv = symmetric_inverse(&a).unwrap();
        let expected = [[1.0 / 3.0, -1.0 / 6e6], [-1.0 / 6e6, 1.0 / 3e12]];
        for (i, row) in expected.iter().enumerate() {
            for (k, &e) in row.iter().enumerate() {
                assert!(
                    (inv[[i, k]] / e - 1.0).abs() < 1e-12,
                    "[{i}, {k}]: {}",
                    inv[[i, k]]
                );
            }
        }
        assert!(symmetric_inverse(&ndarray::array![[1.0, 2.0], [2.0, 4.0]]).is_none());
        assert!(symmetric_inverse(&ndarray::array![[0.0, 0.0], [0.0, 1.0]]).is_none());
    }
}
