//! Bounded limited-memory quasi-Newton: projected L-BFGS with an active set and a backtracking
//! Armijo search along the projection arc.
//!
//! # Method
//! This is a projected quasi-Newton method (Bertsekas, "Projected Newton methods for
//! optimization problems with simple constraints", SIAM J. Control Optim. 20, 1982; Kelley,
//! "Iterative Methods for Optimization", SIAM 1999, §5.5), not the generalized-Cauchy-point and
//! subspace-minimisation algorithm of Byrd, Lu, Nocedal and Zhu (1995) that SciPy's `L-BFGS-B`
//! runs; both converge to the same stationary points of the box problem.
//!
//! At each iteration:
//! 1. the *ε-active set* `A` holds the variables within `ε = min(‖x − P(x − g)‖, 10⁻³)` of a
//!    bound whose gradient points out of the box;
//! 2. the direction is `d_F = −H_F g_F` on the free variables, with `H_F` the L-BFGS inverse
//!    Hessian (Nocedal 1980, two-loop recursion, 10 pairs, `H₀ = γI`, `γ = sᵀy/yᵀy`) built from
//!    the stored pairs restricted to the free variables (pairs with `s_Fᵀy_F <= 0` skipped), and
//!    `d_A = −γ g_A` (these are pushed onto their bounds);
//! 3. the step along the projection arc `x(t) = P(x + t d)` starts at `t = 1` and backtracks by
//!    safeguarded quadratic interpolation until `f(x(t)) <= f(x) + 10⁻⁴ gᵀ(x(t) − x)`;
//! 4. the pair `(s, y)` is stored if `sᵀy > ε_mach yᵀy`.
//!
//! A free variable on its bound that `d` would push out of the box is moved to `A` and `d`
//! recomputed, so that the step is the quasi-Newton step of the remaining subspace rather than
//! the projection of a full-space step.
//!
//! If the search fails the memory is dropped and the iteration repeated from the projected
//! gradient direction, for which the Armijo condition always holds for small `t`; if that fails
//! too the point is optimal to machine precision ([`Termination::Stalled`]).
//!
//! # Tolerances (defaults 1e-8 each)
//! * `gtol`, absolute: `‖P(x − g) − x‖_∞ <= gtol` (the projected gradient, as SciPy's `pgtol`);
//! * `ftol`, relative: `f_k − f_{k+1} <= ftol max(|f_k|, |f_{k+1}|)` (SciPy's `factr · ε`
//!   without SciPy's floor of 1 in the denominator, which makes the test absolute for small
//!   losses: a fit whose loss is `1e-4` would stop when an iteration gains less than `1e-8`,
//!   far from its minimum); a loss that reaches zero stops it too;
//! * `xtol`, relative: `‖x_{k+1} − x_k‖_∞ <= xtol (1 + ‖x_k‖_∞)` for a step the line search did
//!   not shorten.
//!
//! ```
//! use pmrf::optim::{Bounds, Options, lbfgsb};
//!
//! // Rosenbrock with x ≤ 0.5: the minimum is on the bound, at (0.5, 0.25), f = 0.25.
//! let fg = |x: &[f64], g: &mut [f64]| {
//!     let (a, b) = (1.0 - x[0], x[1] - x[0] * x[0]);
//!     g[0] = -2.0 * a - 400.0 * x[0] * b;
//!     g[1] = 200.0 * b;
//!     Ok(a * a + 100.0 * b * b)
//! };
//! let bounds = Bounds::new(vec![f64::NEG_INFINITY; 2], vec![0.5, f64::INFINITY])?;
//! let options = Options::default().with_tolerances(0.0, 0.0, 1e-12);
//! let report = lbfgsb(fg, &[-1.2, 1.0], &bounds, options)?;
//! assert!(report.termination.is_converged());
//! assert_eq!(report.x[0], 0.5);
//! assert!((report.x[1] - 0.25).abs() < 1e-10 && (report.loss - 0.25).abs() < 1e-12);
//! # Ok::<(), pmrf::Error>(())
//! ```

use super::{Bounds, MAX_NONFINITE, Options, Report, Termination, Tolerances};
use crate::{Error, Result};

/// The tolerances an [`Options`] leaves at `None` run with.
const DEFAULTS: Tolerances = Tolerances {
    ftol: 1e-8,
    xtol: 1e-8,
    gtol: 1e-8,
};

/// Stored correction pairs.
const MEMORY: usize = 10;
/// Armijo constant.
const C1: f64 = 1e-4;
/// Largest ε of the ε-active set.
const EPS_ACTIVE: f64 = 1e-3;
/// Backtracking steps before a line search fails.
const MAX_BACKTRACKS: usize = 60;

/// The L-BFGS memory: ring buffers of `s` and `y`, allocated once.
struct Memory {
    s: Vec<Vec<f64>>,
    y: Vec<Vec<f64>>,
    /// Index of the oldest pair and number of pairs.
    start: usize,
    len: usize,
    alpha: Vec<f64>,
    rho: Vec<f64>,
}

impl Memory {
    fn new(n: usize) -> Self {
        Memory {
            s: vec![vec![0.0; n]; MEMORY],
            y: vec![vec![0.0; n]; MEMORY],
            start: 0,
            len: 0,
            alpha: vec![0.0; MEMORY],
            rho: vec![0.0; MEMORY],
        }
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// Stores `s = x1 − x0`, `y = g1 − g0` if `sᵀy > ε yᵀy`, dropping the oldest pair when full.
    fn push(&mut self, x0: &[f64], x1: &[f64], g0: &[f64], g1: &[f64]) {
        let (mut sy, mut yy) = (0.0, 0.0);
        for i in 0..x0.len() {
            let (s, y) = (x1[i] - x0[i], g1[i] - g0[i]);
            sy += s * y;
            yy += y * y;
        }
        if !(sy > f64::EPSILON * yy && sy > 0.0) {
            return;
        }
        let k = (self.start + self.len) % MEMORY;
        for i in 0..x0.len() {
            self.s[k][i] = x1[i] - x0[i];
            self.y[k][i] = g1[i] - g0[i];
        }
        if self.len < MEMORY {
            self.len += 1;
        } else {
            self.start = (self.start + 1) % MEMORY;
        }
    }

    /// `q ← H_F q` restricted to the variables with `free[i]` (q is zero elsewhere); returns
    /// `γ` (1 without a usable pair).
    fn apply(&mut self, free: &[bool], q: &mut [f64]) -> f64 {
        let dot = |a: &[f64], b: &[f64]| -> f64 {
            (a.iter().zip(b).zip(free))
                .filter(|(_, f)| **f)
                .map(|((a, b), _)| a * b)
                .sum()
        };
        let mut gamma = 1.0;
        let mut newest = true;
        for j in (0..self.len).rev() {
            let k = (self.start + j) % MEMORY;
            let sy = dot(&self.s[k], &self.y[k]);
            let yy = dot(&self.y[k], &self.y[k]);
            if sy > f64::EPSILON * yy && sy > 0.0 {
                self.rho[k] = 1.0 / sy;
                if newest {
                    gamma = sy / yy;
                    newest = false;
                }
                let a = self.rho[k] * dot(&self.s[k], q);
                self.alpha[k] = a;
                for i in 0..q.len() {
                    if free[i] {
                        q[i] -= a * self.y[k][i];
                    }
                }
            } else {
                self.rho[k] = 0.0;
            }
        }
        for v in q.iter_mut() {
            *v *= gamma;
        }
        for j in 0..self.len {
            let k = (self.start + j) % MEMORY;
            if self.rho[k] != 0.0 {
                let b = self.rho[k] * dot(&self.y[k], q);
                let c = self.alpha[k] - b;
                for i in 0..q.len() {
                    if free[i] {
                        q[i] += c * self.s[k][i];
                    }
                }
            }
        }
        gamma
    }
}

/// Minimises `f(x)` over `bounds` from `x0` by projected L-BFGS (see the [module docs](self)).
///
/// `fg(x, g)` returns `f(x)` and writes the gradient into `g` (both at once, as dual numbers
/// give them).
///
/// # Errors
/// [`Error::ParamCount`] if `x0` and `bounds` differ in length, [`Error::NonFinite`] for a NaN or
/// infinite start or tolerance, [`Error::NonFiniteResult`] if `f` or `g` at the start is not
/// finite, and any error of `fg`.
pub fn lbfgsb<F>(mut fg: F, x0: &[f64], bounds: &Bounds, mut options: Options<'_>) -> Result<Report>
where
    F: FnMut(&[f64], &mut [f64]) -> Result<f64>,
{
    let tol = options.tolerances(DEFAULTS)?;
    let mut x = bounds.start(x0)?;
    let n = x.len();
    let (lo, hi) = (bounds.lower(), bounds.upper());
    let mut g = vec![0.0; n];
    let mut f = fg(&x, &mut g)?;
    let mut nfev = 1;
    if !f.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Err(Error::NonFiniteResult(format!(
            "the objective or its gradient at the start is not finite (f = {f})"
        )));
    }
    let mut memory = Memory::new(n);
    let mut free = vec![true; n];
    let mut d = vec![0.0; n];
    let mut xt = vec![0.0; n];
    let mut gt = vec![0.0; n];
    let mut iterations = 0;
    let mut nonfinite_run = 0;

    let termination = 'outer: loop {
        // Projected gradient and the ε-active set.
        let mut pg_inf: f64 = 0.0;
        let mut pg2 = 0.0;
        for i in 0..n {
            let pg = (x[i] - g[i]).clamp(lo[i], hi[i]) - x[i];
            pg_inf = pg_inf.max(pg.abs());
            pg2 += pg * pg;
        }
        if pg_inf <= tol.gtol {
            break Termination::Gtol;
        }
        if iterations >= options.max_iterations {
            break Termination::MaxIterations;
        }
        let eps = pg2.sqrt().min(EPS_ACTIVE);
        for i in 0..n {
            free[i] = !((x[i] <= lo[i] + eps && g[i] > 0.0) || (x[i] >= hi[i] - eps && g[i] < 0.0));
        }

        // Line search along the projection arc; on failure retry once without memory.
        let accepted = loop {
            for i in 0..n {
                d[i] = if free[i] { g[i] } else { 0.0 };
            }
            let gamma = if memory.len > 0 {
                memory.apply(&free, &mut d)
            } else {
                // First step (or after a reset): unit length in x.
                let gnorm = d.iter().map(|v| v * v).sum::<f64>().sqrt();
                let gamma = if gnorm > 0.0 { 1.0 / gnorm } else { 1.0 };
                for v in &mut d {
                    *v *= gamma;
                }
                gamma
            };
            for i in 0..n {
                d[i] = if free[i] { -d[i] } else { -gamma * g[i] };
            }
            // A free variable on a bound that the direction pushes out joins the active set,
            // and the direction is recomputed without it.
            let mut bound_out = false;
            for i in 0..n {
                if free[i] && ((x[i] <= lo[i] && d[i] < 0.0) || (x[i] >= hi[i] && d[i] > 0.0)) {
                    free[i] = false;
                    bound_out = true;
                }
            }
            if bound_out {
                continue;
            }
            let slope: f64 = g.iter().zip(&d).map(|(g, d)| g * d).sum();
            let mut t: f64 = 1.0;
            let mut found = None;
            for _ in 0..MAX_BACKTRACKS {
                let mut decrease = 0.0;
                let mut moved = false;
                for i in 0..n {
                    xt[i] = (x[i] + t * d[i]).clamp(lo[i], hi[i]);
                    decrease += g[i] * (xt[i] - x[i]);
                    moved |= xt[i] != x[i];
                }
                if !moved || decrease >= 0.0 {
                    // No feasible descent along this arc at this t.
                    break;
                }
                if nfev >= options.max_evaluations {
                    break 'outer Termination::MaxEvaluations;
                }
                let ft = fg(&xt, &mut gt)?;
                nfev += 1;
                let finite = ft.is_finite() && gt.iter().all(|v| v.is_finite());
                if !finite {
                    nonfinite_run += 1;
                    if nonfinite_run >= MAX_NONFINITE {
                        break 'outer Termination::NonFinite;
                    }
                    t *= 0.1;
                    continue;
                }
                nonfinite_run = 0;
                if ft <= f + C1 * decrease {
                    found = Some((ft, t == 1.0));
                    break;
                }
                // Safeguarded quadratic interpolation on f(x + t d) with slope gᵀd.
                let denom = 2.0 * (ft - f - slope * t);
                let tq = if denom > 0.0 {
                    -slope * t * t / denom
                } else {
                    0.5 * t
                };
                t = tq.clamp(0.1 * t, 0.5 * t);
            }
            match found {
                Some(ft) => break Some(ft),
                None if memory.len > 0 => memory.clear(),
                None => break None,
            }
        };
        let Some((ft, full_step)) = accepted else {
            break Termination::Stalled;
        };
        iterations += 1;

        let mut step_inf: f64 = 0.0;
        let mut x_inf: f64 = 0.0;
        for i in 0..n {
            step_inf = step_inf.max((xt[i] - x[i]).abs());
            x_inf = x_inf.max(x[i].abs());
        }
        memory.push(&x, &xt, &g, &gt);
        let f_old = f;
        x.copy_from_slice(&xt);
        g.copy_from_slice(&gt);
        f = ft;

        if options.cancelled(iterations, nfev, f, &x) {
            break Termination::Cancelled;
        }
        // Relative to the loss itself: a floor (SciPy's 1) would make the test absolute for
        // small losses and stop far from a minimum of 1e-4.
        let ftol_ok = (f_old - f) <= tol.ftol * f_old.abs().max(f.abs());
        // A step shortened by the line search says nothing about convergence.
        let xtol_ok = full_step && step_inf <= tol.xtol * (1.0 + x_inf);
        match (ftol_ok, xtol_ok) {
            (true, true) => break Termination::FtolXtol,
            (true, false) => break Termination::Ftol,
            (false, true) => break Termination::Xtol,
            (false, false) => {}
        }
    };
    Ok(Report {
        x,
        loss: f,
        iterations,
        evaluations: nfev,
        jacobian_evaluations: nfev,
        termination,
    })
}
