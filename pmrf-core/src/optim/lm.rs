//! Levenberg-Marquardt with bounds: a projected, active-set variant of MINPACK's `lmder`.
//!
//! # Method
//! The unconstrained core is Moré's trust-region Levenberg-Marquardt (J. J. Moré, "The
//! Levenberg-Marquardt algorithm: implementation and theory", Numerical Analysis, LNM 630,
//! Springer 1978; MINPACK-1, Moré, Garbow and Hillstrom 1980): at each iteration the step `p`
//! solves `min ‖r + J p‖` subject to `‖D p‖ <= Δ` with the scaling `D` the largest column norms of
//! `J` seen so far, computed from a pivoted QR factorisation of `J` and Givens rotations for each
//! damping `λ` (never forming `JᵀJ`), `λ` found by Moré's safeguarded Newton iteration; `Δ` is
//! updated from the ratio of actual to predicted reduction exactly as in `lmder`.
//!
//! Bounds are handled by an active set and projection (in the spirit of the projected
//! Levenberg-Marquardt methods of Kanzow, Yamashita and Fukushima, J. Comput. Appl. Math. 172,
//! 2004, and MPFIT's pegged parameters, Markwardt 2009):
//! * a variable sitting on a bound whose gradient component `(Jᵀr)_i` points out of the box is
//!   frozen for the iteration; the step is computed in the subspace of the others; a variable on
//!   a bound that this step would push out of the box is frozen as well and the step recomputed
//!   (the Gauss-Newton step can point out where the gradient points in; projecting such a step
//!   instead would make a poor step in the other variables and can stall);
//! * the trial point is projected onto the box, `x⁺ = P(x + p)`, and the predicted reduction is
//!   that of the projected step `x⁺ − x` under the linear model, so the acceptance ratio stays
//!   consistent; `Δ` is updated from the unprojected step so that a projection never collapses
//!   the trust region.
//!
//! Properties: every evaluated point is feasible; in the interior (or with inactive bounds) the
//! iteration is MINPACK's, with its global convergence to stationary points and quadratic local
//! convergence on zero-residual problems; as `Δ → 0` the step tends to the scaled projected
//! gradient direction, so a non-stationary point always admits an accepted step; a variable
//! that reaches its bound with the gradient pushing outward stays there (finite identification
//! of the active set for non-degenerate problems). It is not the reflective trust region of
//! SciPy's `trf` (Branch, Coleman and Li 1999), which can move along bounds more smoothly on
//! degenerate problems.
//!
//! # Tolerances (as MINPACK, defaults 1e-8 each, all relative)
//! * `ftol`: both the actual and the predicted relative reductions of `‖r‖²` are at most `ftol`;
//! * `xtol`: `Δ <= xtol ‖D x‖`;
//! * `gtol`: the largest cosine between `r` and a free column of `J` is at most `gtol`.
//!
//! Without an analytic Jacobian, forward differences with step `√ε |x_i|` (`√ε` at 0; backward
//! at an upper bound) are used; their residual evaluations count in `evaluations`.
//!
//! ```
//! use pmrf::optim::{Bounds, LeastSquares, Options, levenberg_marquardt};
//! use pmrf::ndarray::ArrayViewMut2;
//!
//! // Fit y = a exp(-b t) to exact data with a >= 0, 0 <= b <= 10.
//! let t: Vec<f64> = (0..20).map(|i| i as f64 * 0.25).collect();
//! let y: Vec<f64> = t.iter().map(|t| 3.0 * (-0.7 * t).exp()).collect();
//! let residuals = |x: &[f64], r: &mut [f64]| {
//!     for ((r, t), y) in r.iter_mut().zip(&t).zip(&y) {
//!         *r = x[0] * (-x[1] * t).exp() - y;
//!     }
//!     Ok(())
//! };
//! let jacobian = |x: &[f64], mut j: ArrayViewMut2<'_, f64>| {
//!     for (i, t) in t.iter().enumerate() {
//!         let e = (-x[1] * t).exp();
//!         j[[i, 0]] = e;
//!         j[[i, 1]] = -x[0] * t * e;
//!     }
//!     Ok(())
//! };
//! let problem = LeastSquares::new(t.len(), residuals).with_jacobian(jacobian);
//! let bounds = Bounds::new(vec![0.0, 0.0], vec![f64::INFINITY, 10.0])?;
//! let report = levenberg_marquardt(problem, &[1.0, 2.0], &bounds, Options::default())?;
//! assert!(report.termination.is_converged());
//! assert!((report.x[0] - 3.0).abs() < 1e-10 && (report.x[1] - 0.7).abs() < 1e-10);
//! # Ok::<(), pmrf::Error>(())
//! ```

use ndarray::ArrayViewMut2;

use super::linalg::{LmparWork, apply_qt, lmpar, qrfac};
use super::{Bounds, MAX_NONFINITE, Options, Report, Termination, Tolerances, norm};
use crate::{Error, Result};

/// The tolerances an [`Options`] leaves at `None` run with.
const DEFAULTS: Tolerances = Tolerances {
    ftol: 1e-8,
    xtol: 1e-8,
    gtol: 1e-8,
};

/// The type of the Jacobian closure of a [`LeastSquares`] made without one.
pub type NoJacobian = fn(&[f64], ArrayViewMut2<'_, f64>) -> Result<()>;

/// A least-squares problem `min ½‖r(x)‖²` of `m` residuals.
///
/// `residuals(x, r)` writes `r(x)` into `r` (length `m`); the optional `jacobian(x, j)` writes
/// `∂r_i/∂x_k` into `j[[i, k]]` (shape `(m, n)`, zeroed before each call).
pub struct LeastSquares<R, J = NoJacobian> {
    m: usize,
    residuals: R,
    jacobian: Option<J>,
}

impl<R> LeastSquares<R>
where
    R: FnMut(&[f64], &mut [f64]) -> Result<()>,
{
    /// A problem of `m` residuals whose Jacobian is taken by forward differences (add an
    /// analytic one with [`LeastSquares::with_jacobian`]).
    pub fn new(m: usize, residuals: R) -> Self {
        LeastSquares {
            m,
            residuals,
            jacobian: None,
        }
    }
}

impl<R, J> LeastSquares<R, J> {
    /// The same problem with an analytic (or dual-number) Jacobian.
    pub fn with_jacobian<K>(self, jacobian: K) -> LeastSquares<R, K>
    where
        K: FnMut(&[f64], ArrayViewMut2<'_, f64>) -> Result<()>,
    {
        LeastSquares {
            m: self.m,
            residuals: self.residuals,
            jacobian: Some(jacobian),
        }
    }

    /// Number of residuals.
    pub fn len(&self) -> usize {
        self.m
    }

    /// True for a problem of no residuals.
    pub fn is_empty(&self) -> bool {
        self.m == 0
    }
}

/// MINPACK's initial trust-region factor: `Δ₀ = 100 ‖D x₀‖`.
const FACTOR: f64 = 100.0;

/// Minimises `½‖r(x)‖²` over `bounds` from `x0` by bounded Levenberg-Marquardt (see the
/// [module docs](self) for the method and the tolerances).
///
/// # Errors
/// [`Error::Shape`] for a problem without residuals, [`Error::ParamCount`] if `x0` and `bounds`
/// differ in length, [`Error::NonFinite`] for a NaN or infinite start or tolerance,
/// [`Error::NonFiniteResult`] if the residuals at the start are not finite, and any error of the
/// closures.
pub fn levenberg_marquardt<R, J>(
    problem: LeastSquares<R, J>,
    x0: &[f64],
    bounds: &Bounds,
    mut options: Options<'_>,
) -> Result<Report>
where
    R: FnMut(&[f64], &mut [f64]) -> Result<()>,
    J: FnMut(&[f64], ArrayViewMut2<'_, f64>) -> Result<()>,
{
    let tol = options.tolerances(DEFAULTS)?;
    let LeastSquares {
        m,
        mut residuals,
        mut jacobian,
    } = problem;
    if m == 0 {
        return Err(Error::Shape(
            "a least-squares problem needs at least one residual".into(),
        ));
    }
    let mut x = bounds.start(x0)?;
    let n = x.len();
    let (lo, hi) = (bounds.lower(), bounds.upper());
    let eps = f64::EPSILON;

    let mut r = vec![0.0; m];
    residuals(&x, &mut r)?;
    let mut nfev = 1;
    if let Some(v) = r.iter().find(|v| !v.is_finite()) {
        return Err(Error::NonFiniteResult(format!(
            "a residual at the start is {v}; the optimiser needs a finite start"
        )));
    }
    let mut fnorm = norm(&r);
    let report = |x: Vec<f64>, fnorm: f64, iterations, nfev, njev, termination| Report {
        x,
        loss: 0.5 * fnorm * fnorm,
        iterations,
        evaluations: nfev,
        jacobian_evaluations: njev,
        termination,
    };
    if n == 0 {
        return Ok(report(x, fnorm, 0, nfev, 0, Termination::Gtol));
    }

    // Workspace, allocated once. The QR works on `mp = max(m, n)` rows (zero rows pad an
    // underdetermined problem, which leaves the least-squares problem unchanged).
    let mp = m.max(n);
    let mut jac = vec![0.0; m * n]; // row-major (m, n)
    let mut r_trial = vec![0.0; m];
    let mut jp = vec![0.0; m];
    let mut qr = Subspace::new(mp, n);
    let mut g = vec![0.0; n];
    let mut colnorm = vec![0.0; n];
    let mut diag = vec![0.0; n];
    let mut free = Vec::with_capacity(n);
    let mut p = vec![0.0; n];
    let mut trial = vec![0.0; n];

    let (mut par, mut delta, mut xnorm) = (0.0, 0.0, 0.0);
    let mut iterations = 0;
    let mut njev = 0;
    let mut nonfinite_run = 0;

    let termination = 'outer: loop {
        if iterations >= options.max_iterations {
            break Termination::MaxIterations;
        }
        // The Jacobian at x.
        jac.fill(0.0);
        match jacobian.as_mut() {
            Some(jacobian) => {
                let view = ArrayViewMut2::from_shape((m, n), &mut jac)
                    .map_err(|e| Error::Shape(e.to_string()))?;
                jacobian(&x, view)?;
            }
            None => {
                if nfev.saturating_add(n) > options.max_evaluations {
                    break Termination::MaxEvaluations;
                }
                forward_differences(
                    &mut residuals,
                    &x,
                    &r,
                    lo,
                    hi,
                    &mut trial,
                    &mut r_trial,
                    &mut jac,
                )?;
                nfev += n;
            }
        }
        njev += 1;
        iterations += 1;
        if jac.iter().any(|v| !v.is_finite()) {
            break Termination::NonFinite;
        }

        // Gradient g = Jᵀr, column norms, the free set.
        g.fill(0.0);
        colnorm.fill(0.0);
        for (row, ri) in jac.chunks_exact(n).zip(&r) {
            for k in 0..n {
                g[k] += row[k] * ri;
                colnorm[k] += row[k] * row[k];
            }
        }
        for c in &mut colnorm {
            *c = c.sqrt();
        }
        free.clear();
        free.extend(
            (0..n).filter(|&i| !((x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0))),
        );
        let mut nf = free.len();
        if iterations == 1 {
            for (d, &c) in diag.iter_mut().zip(&colnorm) {
                *d = if c == 0.0 { 1.0 } else { c };
            }
            xnorm = scaled_norm(&diag, &x);
            delta = if xnorm == 0.0 { FACTOR } else { FACTOR * xnorm };
        }
        if nf == 0 {
            // Every variable is on a bound with the gradient pointing out: a KKT point.
            break Termination::Gtol;
        }

        // Scaled gradient test on the free variables, from the QR of their columns.
        for (d, &c) in diag.iter_mut().zip(&colnorm) {
            *d = d.max(c);
        }
        qr.factor(&free, &jac, &r, &diag);
        let gnorm = qr.gnorm(nf, fnorm);
        if gnorm <= tol.gtol {
            break Termination::Gtol;
        }

        // Inner loop: trial steps until one is accepted.
        loop {
            par = qr.step(nf, delta, par);
            // A variable on a bound that the step would push out of the box is frozen too
            // (the projected step would not be the subspace step); the step is recomputed
            // without it. The step is a descent direction, so some variable always stays free.
            let binding = |j: usize, k: usize| {
                let pk = -qr.step[j];
                (x[k] <= lo[k] && pk < 0.0) || (x[k] >= hi[k] && pk > 0.0)
            };
            let keep = (free.iter().enumerate())
                .filter(|&(j, &k)| !binding(j, k))
                .count();
            if keep < nf && keep > 0 {
                let mut j = 0;
                free.retain(|&k| {
                    j += 1;
                    !binding(j - 1, k)
                });
                nf = free.len();
                qr.factor(&free, &jac, &r, &diag);
                continue;
            }
            // The full step (frozen variables stay), its projection onto the box.
            p.fill(0.0);
            for (j, &k) in free.iter().enumerate() {
                p[k] = -qr.step[j];
            }
            let pnorm_full = scaled_norm(&diag, &p);
            for i in 0..n {
                trial[i] = (x[i] + p[i]).clamp(lo[i], hi[i]);
                p[i] = trial[i] - x[i];
            }
            if iterations == 1 {
                delta = delta.min(pnorm_full);
            }
            if nfev >= options.max_evaluations {
                break 'outer Termination::MaxEvaluations;
            }
            residuals(&trial, &mut r_trial)?;
            nfev += 1;
            let finite = r_trial.iter().all(|v| v.is_finite());
            let fnorm1 = if finite {
                norm(&r_trial)
            } else {
                f64::INFINITY
            };
            nonfinite_run = if finite { 0 } else { nonfinite_run + 1 };

            let actred = if 0.1 * fnorm1 < fnorm {
                1.0 - (fnorm1 / fnorm).powi(2)
            } else {
                -1.0
            };
            // Predicted reduction of the projected step under the linear model, relative to
            // ‖r‖²: (‖r‖² − ‖r + J p‖²)/‖r‖² = (−2 gᵀp − ‖J p‖²)/‖r‖².
            for (jpi, row) in jp.iter_mut().zip(jac.chunks_exact(n)) {
                *jpi = row.iter().zip(&p).map(|(j, p)| j * p).sum();
            }
            let gp: f64 = g.iter().zip(&p).map(|(g, p)| g * p).sum();
            let f2 = fnorm * fnorm;
            let jpnorm = norm(&jp);
            let prered = (-2.0 * gp - jpnorm * jpnorm) / f2;
            let dirder = gp / f2;
            // A projected step can predict an increase (prered < 0): with an actual increase
            // the ratio would be positive and the worse point accepted, so such a step fails.
            let ratio = if prered > 0.0 { actred / prered } else { 0.0 };

            // MINPACK's update of the trust region.
            if ratio <= 0.25 {
                let mut temp = if actred >= 0.0 {
                    0.5
                } else {
                    0.5 * dirder / (dirder + 0.5 * actred)
                };
                if 0.1 * fnorm1 >= fnorm || temp.is_nan() || temp < 0.1 {
                    temp = 0.1;
                }
                // MINPACK's factor lies in (0, 0.5] for a descent step; a projected step can go
                // uphill (dirder > 0), where the formula can exceed 1 and the region would
                // never shrink: a failed step always halves it at least.
                temp = temp.min(0.5);
                delta = temp * delta.min(pnorm_full / 0.1);
                par /= temp;
            } else if par == 0.0 || ratio >= 0.75 {
                delta = pnorm_full / 0.5;
                par *= 0.5;
            }
            let accepted = ratio >= 1e-4;
            if accepted {
                x.copy_from_slice(&trial);
                std::mem::swap(&mut r, &mut r_trial);
                fnorm = fnorm1;
                xnorm = scaled_norm(&diag, &x);
            }

            if !finite {
                // A failed trial says nothing about convergence; the region shrinks and we retry.
                if nonfinite_run >= MAX_NONFINITE {
                    break 'outer Termination::NonFinite;
                }
                continue;
            }
            let ftol_ok = actred.abs() <= tol.ftol && prered <= tol.ftol && ratio <= 2.0;
            let xtol_ok = delta <= tol.xtol * xnorm;
            let stop = match (ftol_ok, xtol_ok) {
                (true, true) => Some(Termination::FtolXtol),
                (true, false) => Some(Termination::Ftol),
                (false, true) => Some(Termination::Xtol),
                (false, false) => None,
            };
            let stalled = (actred.abs() <= eps && prered <= eps && ratio <= 2.0)
                || delta <= eps * xnorm
                || gnorm <= eps
                || delta.is_nan()
                || delta <= 0.0;
            if let Some(stop) = stop.or(stalled.then_some(Termination::Stalled)) {
                // Converged: a last trial that the ratio test (in rounding noise) rejected is
                // still taken if it lowered the loss.
                if !accepted && fnorm1 < fnorm {
                    x.copy_from_slice(&trial);
                    fnorm = fnorm1;
                }
                break 'outer stop;
            }
            if accepted {
                break;
            }
        }
        if options.cancelled(iterations, nfev, 0.5 * fnorm * fnorm, &x) {
            break Termination::Cancelled;
        }
    };
    Ok(report(x, fnorm, iterations, nfev, njev, termination))
}

/// The QR factorisation of the Jacobian's free columns and the Levenberg-Marquardt step in
/// their subspace, with all workspace allocated once.
struct Subspace {
    /// Rows of the (padded) Jacobian.
    mp: usize,
    /// Column-major `(mp, nf)`: the free columns, then `R` and the Householder vectors.
    a: Vec<f64>,
    /// `Qᵀr` (length `mp`).
    qtf: Vec<f64>,
    ipvt: Vec<usize>,
    rdiag: Vec<f64>,
    acnorm: Vec<f64>,
    /// The scaling of the free variables.
    diag: Vec<f64>,
    /// The step of the last [`Subspace::step`], MINPACK's sign (the update is `−step`).
    step: Vec<f64>,
    work: [Vec<f64>; 5],
}

impl Subspace {
    fn new(mp: usize, n: usize) -> Self {
        Subspace {
            mp,
            a: vec![0.0; mp * n],
            qtf: vec![0.0; mp],
            ipvt: vec![0; n],
            rdiag: vec![0.0; n],
            acnorm: vec![0.0; n],
            diag: vec![0.0; n],
            step: vec![0.0; n],
            work: std::array::from_fn(|_| vec![0.0; n]),
        }
    }

    /// Factors the columns `free` of the row-major `(m, n)` `jac` and forms `Qᵀr`.
    fn factor(&mut self, free: &[usize], jac: &[f64], r: &[f64], diag: &[f64]) {
        let (mp, m, nf) = (self.mp, r.len(), free.len());
        let n = diag.len();
        for (j, &k) in free.iter().enumerate() {
            let col = &mut self.a[j * mp..(j + 1) * mp];
            for (i, v) in col.iter_mut().enumerate() {
                *v = if i < m { jac[i * n + k] } else { 0.0 };
            }
            self.diag[j] = diag[k];
        }
        let [wa, ..] = &mut self.work;
        qrfac(
            mp,
            nf,
            &mut self.a,
            &mut self.ipvt[..nf],
            &mut self.rdiag[..nf],
            &mut self.acnorm[..nf],
            &mut wa[..nf],
        );
        self.qtf[..m].copy_from_slice(r);
        self.qtf[m..].fill(0.0);
        apply_qt(mp, nf, &mut self.a, &self.rdiag[..nf], &mut self.qtf);
    }

    /// MINPACK's scaled gradient: the largest cosine between `r` and a free column.
    fn gnorm(&self, nf: usize, fnorm: f64) -> f64 {
        let mut gnorm: f64 = 0.0;
        if fnorm != 0.0 {
            for j in 0..nf {
                let l = self.ipvt[j];
                if self.acnorm[l] != 0.0 {
                    let sum: f64 = (0..=j)
                        .map(|i| self.a[i + j * self.mp] * (self.qtf[i] / fnorm))
                        .sum();
                    gnorm = gnorm.max((sum / self.acnorm[l]).abs());
                }
            }
        }
        gnorm
    }

    /// The step for the trust region `delta` into `self.step`; returns the new `λ`.
    fn step(&mut self, nf: usize, delta: f64, par: f64) -> f64 {
        let [w1, w2, w3, w4, _] = &mut self.work;
        lmpar(
            nf,
            &mut self.a,
            self.mp,
            &self.ipvt[..nf],
            &self.diag[..nf],
            &self.qtf[..nf],
            delta,
            par,
            &mut self.step[..nf],
            LmparWork {
                sdiag: &mut w1[..nf],
                wa1: &mut w2[..nf],
                wa2: &mut w3[..nf],
                wa3: &mut w4[..nf],
            },
        )
    }
}

/// `‖D x‖`.
fn scaled_norm(d: &[f64], x: &[f64]) -> f64 {
    let s: f64 = d.iter().zip(x).map(|(d, x)| (d * x).powi(2)).sum();
    if s.is_finite() && s > 1e-280 {
        s.sqrt()
    } else {
        let big = d
            .iter()
            .zip(x)
            .fold(0.0_f64, |m, (d, x)| m.max((d * x).abs()));
        if big == 0.0 || !big.is_finite() {
            big
        } else {
            big * d
                .iter()
                .zip(x)
                .map(|(d, x)| (d * x / big).powi(2))
                .sum::<f64>()
                .sqrt()
        }
    }
}

/// Forward-difference Jacobian (row-major `(m, n)` into `jac`), stepping backward where the
/// forward step would leave the box; `xh` and `rh` are workspace.
#[allow(clippy::too_many_arguments)]
fn forward_differences<R>(
    residuals: &mut R,
    x: &[f64],
    r: &[f64],
    lo: &[f64],
    hi: &[f64],
    xh: &mut [f64],
    rh: &mut [f64],
    jac: &mut [f64],
) -> Result<()>
where
    R: FnMut(&[f64], &mut [f64]) -> Result<()>,
{
    let n = x.len();
    let sqrt_eps = f64::EPSILON.sqrt();
    xh.copy_from_slice(x);
    for k in 0..n {
        let mut h = if x[k] == 0.0 {
            sqrt_eps
        } else {
            sqrt_eps * x[k].abs()
        };
        if x[k] + h > hi[k] {
            h = if x[k] - h >= lo[k] {
                -h
            } else if hi[k] - x[k] >= x[k] - lo[k] {
                hi[k] - x[k]
            } else {
                lo[k] - x[k]
            };
        }
        xh[k] = x[k] + h;
        // The step actually taken, exact in floating point.
        let h = xh[k] - x[k];
        residuals(xh, rh)?;
        xh[k] = x[k];
        for (i, (rh, r)) in rh.iter().zip(r).enumerate() {
            jac[i * n + k] = (rh - r) / h;
        }
    }
    Ok(())
}
